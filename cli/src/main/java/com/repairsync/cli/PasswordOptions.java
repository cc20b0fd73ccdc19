package com.repairsync.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --password} and {@code --password-file}, shared by the commands that sign in. */
public final class PasswordOptions {
    @Option(
            names = "--password",
            paramLabel = "PASSWORD",
            description = "the password (prefer the prompt or --password-file)")
    String password;

    @Option(names = "--password-file", paramLabel = "FILE", description = "read the password from this file")
    Path passwordFile;

    /** The password: the flag, the file, {@code REPAIRSYNC_PASSWORD}, a prompt, or a line of stdin. */
    public String read() {
        return Secrets.read("password", password, passwordFile, "--password-file", "REPAIRSYNC_PASSWORD");
    }
}
