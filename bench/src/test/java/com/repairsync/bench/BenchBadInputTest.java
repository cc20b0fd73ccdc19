package com.repairsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** A number no scenario can run with is refused before anything starts, naming the flag. */
class BenchBadInputTest {
    @ParameterizedTest
    @CsvSource({
        "push --records -5, '--records must be 1 or more, got -5'",
        "push --warmup -1, '--warmup must be 0 or more, got -1'",
        "realtime --devices 0, '--devices must be 1 or more, got 0'",
        "realtime --sdk-devices 0, '--sdk-devices must be 1 or more, got 0'",
        "realtime --devices 5 --sdk-devices 6, '--sdk-devices must be at most --devices (5), got 6'",
        "realtime --events 0, '--events must be 1 or more, got 0'",
        "mixed --rate -1, '--rate must be a number above 0, got -1.0'",
        "mixed --seconds 0, '--seconds must be 1 or more, got 0'",
        "push --batch 0, '--batch must be 1 or more, got 0'",
        "attachments --photos 0, '--photos must be 1 or more, got 0'",
        "attachments --photo-size 100, '--photo-size must be 1024 or more, got 100'",
        "history --mutations 0, '--mutations must be 1 or more, got 0'",
        "history --rounds 0, '--rounds must be 1 or more, got 0'",
        "history --reads 0, '--reads must be 1 or more, got 0'",
        "push --custom-fields -1, '--custom-fields must be 0 or more, got -1'",
        "initial-sync --custom-fields 51, '--custom-fields must be at most 50, got 51'",
        "realtime --custom-fields 2, '--custom-fields is for initial-sync and push; realtime declares no fields'",
        "push --nodes 2 --pg embedded, '--nodes is for the scenarios that spread devices over nodes (realtime, shops);"
                + " push runs one server'",
        "realtime --nodes 2, '--nodes 2 needs PostgreSQL (--pg embedded or --db-url): nodes share one database'",
        "shops --nodes 0, '--nodes must be 1 to 16, got 0'",
        "shops --shops 0, '--shops must be 1 or more, got 0'",
        "restore --pg embedded, 'restore runs on SQLite only (it measures the SQLite server''s files); drop --pg'",
        "history --db-url jdbc:postgresql://localhost/x --db-user app, 'history runs on SQLite only (it measures the"
                + " SQLite server''s files); drop --db-url'",
        "push --pg embedded --db-url jdbc:postgresql://localhost/x, '--pg embedded and --db-url name two databases;"
                + " give one of them'",
        "push --db-user app, '--db-user needs --db-url: it is for a PostgreSQL you run (--pg embedded makes its own"
                + " roles)'",
        "push --db-url jdbc:postgresql://localhost/x, '--db-url needs --db-user (or REPAIRSYNC_DB_USER): the"
                + " application role'",
        "push --db-url jdbc:postgresql://localhost/x --db-user app --db-migrate-password pw, '--db-migrate-password"
                + " needs --db-migrate-user (or REPAIRSYNC_DB_MIGRATE_USER)'",
        "push --pg elsewhere, 'Invalid value for option ''--pg'''",
        "nonsense, 'unknown scenario ''nonsense''; one of: initial-sync, push, realtime, mixed'"
    })
    void isRefusedWithExit2AndTheFlag(String args, String message) {
        StringWriter err = new StringWriter();
        CommandLine command = BenchMain.commandLine().setErr(new PrintWriter(err));

        int exit = command.execute(args.split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith(message);
    }
}
