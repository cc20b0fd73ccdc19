package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.HistoryText;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.RecordHistory;
import com.repairsync.protocol.HistoryEntry;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code repairsync history ENTITY ID}: who changed what on one record, newest first. The server's
 * complete history; while it cannot be reached, the recent history a manager's device keeps, said
 * so with its window.
 */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = {
            "Who changed what on a record, newest first: each field's old and new value, who, on which device, when.",
            "From the server; while it cannot be reached, from the recent history a manager's or admin's device keeps."
        },
        footer = {
            "",
            "Examples:",
            "  repairsync history ticket 0190ab12-7c3e-7000-8000-000000000001",
            "  repairsync history customer ID --limit 10 --json",
            "  repairsync history ticket ID --before 1234        (the next, older page)"
        })
public final class HistoryCommand extends DeviceCommand {
    /** Most entries one page may hold (the server's maximum). */
    static final int MAX_LIMIT = 200;

    static final int DEFAULT_LIMIT = 50;

    @Parameters(
            index = "0",
            paramLabel = "ENTITY",
            description = "customer, ticket, part, item, employee, appointment or attachment")
    String entity;

    @Parameters(index = "1", paramLabel = "ID", description = "the record's id")
    String id;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "at most N entries (1 to " + MAX_LIMIT + "; default " + DEFAULT_LIMIT + ")")
    String limit;

    @Option(
            names = "--before",
            paramLabel = "SEQ",
            description = "only entries older than this sequence number (the previous page prints it)")
    String before;

    private Nouns noun;
    private String recordId;
    private int pageSize;
    private Long older;

    /** Every argument is checked before the device opens: a bad one is refused naming it. */
    @Override
    public Integer call() {
        noun = Nouns.named("ENTITY", entity);
        recordId = Values.id("ID", id);
        pageSize = HistoryLines.limit(limit, MAX_LIMIT, DEFAULT_LIMIT);
        older = HistoryLines.before(before);
        return super.call();
    }

    @Override
    protected int run(RepairSyncDevice device, Terminal terminal) {
        RecordHistory history = ServerOnly.ask(
                "a record's history comes from the server; only managers' and admins' devices keep recent history"
                        + " offline",
                () -> noun.in(device).history(recordId, older, pageSize));
        HistoryText text = HistoryLines.text(
                device, history.source() == RecordHistory.Source.SERVER ? HistoryLines.devicesOrNull(device) : null);
        if (!history.complete()) {
            terminal.note("The server cannot be reached: this is this device's copy of the last " + history.windowDays()
                    + " days of history, as of its last sync.");
        }
        ObjectNode result = Terminal.object()
                .put("entity", history.entity())
                .put("recordId", history.recordId())
                .put("source", history.source().name().toLowerCase(Locale.ROOT))
                .put("windowDays", history.windowDays());
        List<HistoryEntry> entries = HistoryLines.visible(device, history.entries());
        result.set("entries", HistoryLines.json(text, entries));
        result.put("before", history.before());
        terminal.result(result, () -> {
            if (entries.isEmpty()) {
                terminal.line("No history of " + noun.noun() + " " + recordId
                        + (history.complete() ? "." : " in this device's copy."));
                return;
            }
            for (HistoryEntry entry : entries) {
                terminal.line(text.sentence(entry));
            }
            if (history.before() != null) {
                terminal.line(
                        "Older: repairsync history " + noun.noun() + " " + recordId + " --before " + history.before());
            }
        });
        return ExitCode.OK;
    }
}
