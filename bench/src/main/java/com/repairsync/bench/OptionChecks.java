package com.repairsync.bench;

import com.repairsync.bench.scenario.Scenario;
import com.repairsync.bench.server.ServerNodes;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Refuses a harness run's options that no scenario can run with, naming the flag, before anything
 * starts: numbers out of range, and databases or node counts the chosen scenario cannot use.
 */
final class OptionChecks {
    /** The most custom fields a run declares per entity. */
    static final int MOST_CUSTOM_FIELDS = 50;

    private final CommandLine commandLine;
    private final String scenario;

    OptionChecks(CommandLine commandLine, String scenario) {
        this.commandLine = commandLine;
        this.scenario = scenario;
    }

    /** Refuses numbers no scenario can run with, naming the flag, before anything starts. */
    void numbers(BenchOptions options) {
        atLeast("--records", options.records(), 1);
        atLeast("--devices", options.devices(), 1);
        atLeast("--sdk-devices", options.sdkDevices(), 1);
        if (options.sdkDevices() > options.devices()) {
            throw new ParameterException(
                    commandLine,
                    "--sdk-devices must be at most --devices (" + options.devices() + "), got " + options.sdkDevices());
        }
        atLeast("--events", options.events(), 1);
        atLeast("--naive-limit", options.naiveLimit(), 1);
        atLeast("--warmup", options.warmup(), 0);
        atLeast("--batch", options.batch(), 1);
        atLeast("--seconds", options.duration().toSeconds(), 1);
        atLeast("--photos", options.photos(), 1);
        atLeast("--photo-size", options.photoSize(), 1024);
        atLeast("--mutations", options.mutations(), 1);
        atLeast("--rounds", options.rounds(), 1);
        atLeast("--reads", options.reads(), 1);
        atLeast("--custom-fields", options.customFields(), 0);
        if (options.customFields() > MOST_CUSTOM_FIELDS) {
            throw new ParameterException(
                    commandLine,
                    "--custom-fields must be at most " + MOST_CUSTOM_FIELDS + ", got " + options.customFields());
        }
        if (options.customFields() > 0 && !List.of("initial-sync", "push").contains(scenario)) {
            throw new ParameterException(
                    commandLine, "--custom-fields is for initial-sync and push; " + scenario + " declares no fields");
        }
        if (!(options.rate() > 0) || Double.isInfinite(options.rate())) {
            throw new ParameterException(commandLine, "--rate must be a number above 0, got " + options.rate());
        }
    }

    /** Refuses a database or node count the scenario cannot run with, naming the flag. */
    void database(BenchOptions options, Scenario chosen) {
        if (options.embeddedPostgres() && options.dbUrl() != null) {
            throw new ParameterException(
                    commandLine, "--pg embedded and --db-url name two databases; give one of them");
        }
        if (options.dbUrl() == null) {
            for (String flag : List.of("--db-user", "--db-password", "--db-migrate-user", "--db-migrate-password")) {
                if (commandLine.getParseResult().hasMatchedOption(flag)) {
                    throw new ParameterException(
                            commandLine,
                            flag + " needs --db-url: it is for a PostgreSQL"
                                    + " you run (--pg embedded makes its own roles)");
                }
            }
        } else if (options.dbUser() == null) {
            throw new ParameterException(
                    commandLine, "--db-url needs --db-user (or REPAIRSYNC_DB_USER): the application role");
        } else if (options.dbMigrateUser() == null
                && commandLine.getParseResult().hasMatchedOption("--db-migrate-password")) {
            throw new ParameterException(
                    commandLine, "--db-migrate-password needs --db-migrate-user (or REPAIRSYNC_DB_MIGRATE_USER)");
        }
        if (options.postgres() && !chosen.runsOnPostgres()) {
            throw new ParameterException(
                    commandLine,
                    scenario + " runs on SQLite only (it measures the SQLite server's files); drop "
                            + (options.embeddedPostgres() ? "--pg" : "--db-url"));
        }
        if (options.nodes() < 1 || options.nodes() > ServerNodes.MAX_NODES) {
            throw new ParameterException(
                    commandLine, "--nodes must be 1 to " + ServerNodes.MAX_NODES + ", got " + options.nodes());
        }
        if (options.nodes() > 1 && !chosen.spreadsOverNodes()) {
            throw new ParameterException(
                    commandLine,
                    "--nodes is for the scenarios that spread devices over" + " nodes (realtime, shops); " + scenario
                            + " runs one server");
        }
        if (options.nodes() > 1 && !options.postgres()) {
            throw new ParameterException(
                    commandLine,
                    "--nodes " + options.nodes() + " needs PostgreSQL"
                            + " (--pg embedded or --db-url): nodes share one database");
        }
        atLeast("--shops", options.shops(), 1);
        atLeast("--customers", options.shopSize().customers(), 1);
        atLeast("--tickets", options.shopSize().tickets(), 1);
        atLeast("--parts", options.shopSize().parts(), 1);
        atLeast("--appointments", options.shopSize().appointments(), 1);
    }

    private void atLeast(String flag, long value, long min) {
        if (value < min) {
            throw new ParameterException(commandLine, flag + " must be " + min + " or more, got " + value);
        }
    }
}
