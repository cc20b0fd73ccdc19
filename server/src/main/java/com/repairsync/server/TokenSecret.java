package com.repairsync.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key tokens are signed with: {@code --jwt-secret}, or a random key made once into the data
 * directory's {@value #SECRET_FILE} (owner-only), never into the database, so no backup holds it.
 */
final class TokenSecret {
    private static final Logger log = LoggerFactory.getLogger(TokenSecret.class);
    static final String SECRET_FILE = "jwt-secret";

    private TokenSecret() {}

    /** The configured signing key, or one generated once into the data directory. */
    static byte[] of(ServerConfig config) {
        if (!config.jwtSecret().isEmpty()) {
            return config.jwtSecret().getBytes(StandardCharsets.UTF_8);
        }
        Path file = config.dataDir().resolve(SECRET_FILE);
        if (config.database().isPostgres()) {
            log.warn(
                    "--jwt-secret is not set: tokens are signed with the key in {}; every node on one database"
                            + " must sign with the same key, so give each node the same --jwt-secret",
                    file);
        }
        try {
            Files.createDirectories(config.dataDir());
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            // Created owner-only, never readable by others even for a moment.
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                log.debug("cannot restrict permissions of {} on this file system", file);
                Files.createFile(file);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token key " + file, e);
        }
    }
}
