package com.repairsync.client.internal;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Several vaults as one: a key is looked up in each in order, a new key is saved in the first. A
 * device made while no keyring answered (its key in the key folder) still opens once one does.
 */
public final class KeyVaultChain implements KeyVault {
    private final List<KeyVault> vaults;

    public KeyVaultChain(List<KeyVault> vaults) {
        if (vaults.isEmpty()) {
            throw new IllegalArgumentException("a key vault chain needs a vault");
        }
        this.vaults = List.copyOf(vaults);
    }

    @Override
    public Optional<byte[]> load(String keyId) {
        for (KeyVault vault : vaults) {
            Optional<byte[]> key = vault.load(keyId);
            if (key.isPresent()) {
                return key;
            }
        }
        return Optional.empty();
    }

    @Override
    public void save(String keyId, byte[] key) {
        vaults.get(0).save(keyId, key);
    }

    @Override
    public void delete(String keyId) {
        vaults.forEach(vault -> vault.delete(keyId));
    }

    @Override
    public String where() {
        return vaults.stream().map(KeyVault::where).collect(Collectors.joining(", then "));
    }

    @Override
    public String toString() {
        return where();
    }
}
