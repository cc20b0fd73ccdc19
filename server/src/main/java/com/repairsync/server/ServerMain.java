package com.repairsync.server;

import com.repairsync.server.tls.TlsMaterialException;
import java.time.Clock;

/** {@code repairsync server [options]}: runs the sync server until interrupted. */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("server")) {
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            printHelp();
            return;
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("repairsync server: " + e.getMessage());
            System.err.println("Run 'repairsync server --help' for the options.");
            System.exit(2);
            return;
        }
        RepairSyncServer server;
        try {
            server = RepairSyncServer.start(config, Clock.systemUTC());
        } catch (TlsMaterialException e) {
            System.err.println("repairsync server: cannot start HTTPS: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("repairsync server: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "shutdown"));
        System.out.println("RepairSync server ready on " + server.url() + " (" + config.storageDescription() + ")");
        server.certificateFingerprint()
                .ifPresent(fingerprint -> System.out.println("Certificate SHA-256 fingerprint: " + fingerprint));
    }

    private static void printHelp() {
        System.out.println("Usage: repairsync server [options]\n\nOptions (flag, environment variable, default):");
        for (ServerConfig.Setting setting : ServerConfig.SETTINGS) {
            System.out.printf(
                    "  %-32s %-40s %s%n    %s%n",
                    setting.flag() + " VALUE",
                    setting.env(),
                    setting.defaultValue().isEmpty() ? "" : "[" + setting.defaultValue() + "]",
                    setting.help());
        }
    }
}
