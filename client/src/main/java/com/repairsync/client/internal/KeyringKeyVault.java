package com.repairsync.client.internal;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import com.repairsync.client.LocalStoreException;
import com.repairsync.protocol.NamedThreads;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys in the operating system's keyring (Secret Service on Linux, Keychain on macOS, Credential
 * Manager on Windows), which the OS unlocks with the user's login: entry "RepairSync device store"
 * / key id, the key as hex.
 *
 * <p>A keyring call may block: a Secret Service without a session bus, or one that shows an unlock
 * prompt nobody answers. Every call runs on one daemon thread and is given up after a bound; a
 * call that never returns keeps that thread, and later calls time out behind it.
 */
public final class KeyringKeyVault implements KeyVault {
    static final String SERVICE = "RepairSync device store";
    private static final String PROBE_ACCOUNT = "probe";
    private static final Logger log = LoggerFactory.getLogger(KeyringKeyVault.class);
    private static final ExecutorService THREAD =
            Executors.newSingleThreadExecutor(NamedThreads.daemon("repairsync-keyring"));

    private final Keyring keyring;
    private final Duration timeout;

    private KeyringKeyVault(Keyring keyring, Duration timeout) {
        this.keyring = keyring;
        this.timeout = timeout;
    }

    /**
     * The OS keyring, if one answers a lookup within {@code timeout}; empty on a headless machine
     * without one (CI, a server, a container).
     */
    public static Optional<KeyVault> probe(Duration timeout) {
        try {
            Keyring keyring = bounded(timeout, Keyring::create);
            KeyringKeyVault vault = new KeyringKeyVault(keyring, timeout);
            vault.lookup(PROBE_ACCOUNT); // a keyring that cannot answer is no keyring
            return Optional.of(vault);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (BackendNotSupportedException e) {
            log.info("no OS keyring ({}); device keys go to the key folder", e.getMessage());
            return Optional.empty();
        } catch (Exception e) {
            log.info("no OS keyring answered within {} ({}); device keys go to the key folder", timeout, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public Optional<byte[]> load(String keyId) {
        String text = call("read", keyId, () -> lookup(KeyVault.checkedKeyId(keyId)));
        if (text == null) {
            return Optional.empty();
        }
        return Optional.of(KeyVault.decode(text)
                .orElseThrow(() -> new LocalStoreException(
                        "the OS keyring entry '" + SERVICE + "' / " + keyId + " is damaged: not 64 hex digits", null)));
    }

    @Override
    public void save(String keyId, byte[] key) {
        String encoded = KeyVault.encode(key);
        call("save", keyId, () -> {
            if (lookup(KeyVault.checkedKeyId(keyId)) != null) {
                throw new LocalStoreException(
                        "the OS keyring holds a key under " + keyId + " already; a key is never replaced", null);
            }
            bounded(timeout, () -> {
                keyring.setPassword(SERVICE, keyId, encoded);
                return null;
            });
            if (!encoded.equals(lookup(keyId))) {
                throw new LocalStoreException("the OS keyring did not keep the key saved under " + keyId, null);
            }
            return null;
        });
    }

    @Override
    public void delete(String keyId) {
        call("delete", keyId, () -> {
            if (lookup(KeyVault.checkedKeyId(keyId)) != null) {
                bounded(timeout, () -> {
                    keyring.deletePassword(SERVICE, keyId);
                    return null;
                });
            }
            return null;
        });
    }

    @Override
    public String where() {
        return "OS keyring (" + keyring.getKeyringStorageType() + ") entry '" + SERVICE + "'";
    }

    /** The entry's text, or null if there is none (the keyring reports a missing entry as an error). */
    private String lookup(String account) throws Exception {
        return bounded(timeout, () -> {
            try {
                return keyring.getPassword(SERVICE, account);
            } catch (PasswordAccessException missing) {
                return null;
            }
        });
    }

    private <T> T call(String what, String keyId, Callable<T> work) {
        try {
            return work.call();
        } catch (LocalStoreException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStoreException("interrupted while the OS keyring was asked to " + what + " key " + keyId, e);
        } catch (TimeoutException e) {
            throw new LocalStoreException(
                    "the OS keyring did not answer within " + timeout + " when asked to " + what + " key " + keyId, e);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof LocalStoreException store) {
                throw store;
            }
            throw new LocalStoreException("the OS keyring failed to " + what + " key " + keyId + ": " + cause, cause);
        }
    }

    /** Runs work on the keyring thread, giving up after the timeout (the call itself may still run on). */
    private static <T> T bounded(Duration timeout, Callable<T> work) throws Exception {
        if (Thread.currentThread().getName().equals("repairsync-keyring")) {
            return work.call();
        }
        Future<T> result = THREAD.submit(work);
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException | InterruptedException e) {
            result.cancel(true);
            throw e;
        }
    }
}
