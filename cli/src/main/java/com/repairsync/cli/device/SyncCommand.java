package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Terminal;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.Presence;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.SyncState;
import com.repairsync.protocol.schema.CustomField;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code repairsync sync}: push and pull once, or stay connected with {@code --watch}. */
@Command(
        name = "sync",
        mixinStandardHelpOptions = true,
        description = {
            "Send this device's queued changes and fetch the shop's new ones.",
            "With --watch, stay connected: changes and presence print as they arrive, and the device reconnects by itself."
        },
        footer = {
            "",
            "Exit code 2 when changes wait in the failed queue (see repairsync failed list), 3 when the server is unreachable.",
            "",
            "Examples:",
            "  repairsync sync",
            "  repairsync sync --watch --json"
        })
public final class SyncCommand extends DeviceCommand {
    /** How long a sync stays for attachments' files still uploading from this device. */
    private static final Duration UPLOAD_WAIT = Duration.ofMinutes(10);

    @Option(names = "--watch", description = "stay connected and print changes and presence until Ctrl-C")
    boolean watch;

    @Option(
            names = "--for",
            paramLabel = "DURATION",
            description = "with --watch: stop after this long, such as 30s or 5m")
    String duration;

    @Option(names = "--full", description = "forget the cursor and pull everything again")
    boolean full;

    @Override
    protected DeviceOptions options() {
        return DeviceOptions.defaults().withAutoSync(watch).withProbeInterval(Duration.ofSeconds(1));
    }

    @Override
    protected int run(RepairSyncDevice device, Terminal terminal) {
        if (watch) {
            return watch(device, terminal);
        }
        SyncRun.Outcome outcome = SyncRun.run(device, terminal, full);
        List<String> uploads = UploadWait.unsent(device);
        int sent = outcome.sent();
        if (!uploads.isEmpty()) { // their files upload in the background: stay until the server holds them
            UploadWait.Result waited = UploadWait.until(device, terminal, uploads, UPLOAD_WAIT);
            UploadWait.explain(terminal, waited);
            sent += UploadWait.synced(waited);
        }
        SyncState state = uploads.isEmpty() ? outcome.state() : device.syncState();
        int sentInAll = sent;
        ObjectNode result = Terminal.object()
                .put("sent", sentInAll)
                .put("attachmentsWaited", uploads.size())
                .put("cursorBefore", outcome.cursorBefore())
                .put("cursor", outcome.cursorAfter())
                .put("pending", state.pendingCount())
                .put("failed", state.failedCount())
                .put("conflicts", state.conflictCount());
        terminal.result(result, () -> {
            terminal.line("Synced: sent " + sentInAll + " changes, now at change " + outcome.cursorAfter() + " (was "
                    + outcome.cursorBefore() + ").");
            if (state.pendingCount() > 0) {
                terminal.line(state.pendingCount() + " changes still queued (waiting for a retry).");
            }
            if (state.conflictCount() > 0) {
                terminal.line(state.conflictCount() + " conflicts to look at: repairsync conflicts list");
            }
            if (state.failedCount() > 0) {
                terminal.line(state.failedCount() + " changes were refused: repairsync failed list");
            }
        });
        return state.failedCount() > 0 ? ExitCode.REFUSED : ExitCode.OK;
    }

    private int watch(RepairSyncDevice device, Terminal terminal) {
        Duration limit = duration == null ? null : Durations.parse("--for", duration);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "watch-stop"));
        AtomicBoolean online = new AtomicBoolean(false);
        java.util.function.Consumer<SyncState> connectivity = state -> {
            if (state.online() != online.getAndSet(state.online())) {
                if (terminal.json()) {
                    terminal.event(Terminal.object().put("event", state.online() ? "online" : "offline"));
                } else {
                    terminal.line(state.online() ? "● connected" : "○ offline, reconnecting by itself…");
                }
            }
        };
        device.addSyncStateListener(connectivity);
        connectivity.accept(device.syncState()); // it may have connected before the listener was added
        device.addPresenceListener(presence -> printPresence(terminal, presence));
        device.addRecordListener((entity, id) -> printChange(device, terminal, entity, id));
        terminal.say("Watching " + device.identity().serverUrl() + " (Ctrl-C to stop)…");
        if (!device.presence().isEmpty()) { // heard before the listener was added
            printPresence(terminal, new Presence("snapshot", null, device.presence()));
        }
        try {
            if (limit == null) {
                stop.await();
            } else {
                stop.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }

    private static void printChange(RepairSyncDevice device, Terminal terminal, String entity, String id) {
        if (entity.equals(CustomFieldViews.ENTITY)) {
            printDeclaration(device, terminal, id);
            return;
        }
        Nouns noun = Nouns.ofEntity(entity).orElse(null);
        if (noun == null) {
            return;
        }
        Object record = noun.in(device).get(id).orElse(null);
        if (terminal.json()) {
            ObjectNode event = Terminal.object()
                    .put("event", "change")
                    .put("entity", entity)
                    .put("id", id);
            event.set("record", record == null ? null : RecordView.of(record, Viewers.customShown(device, noun)));
            terminal.event(event);
            return;
        }
        if (record == null) {
            terminal.line("- " + noun.noun() + " " + id + " deleted");
            return;
        }
        ObjectNode view = RecordView.of(record, Viewers.customShown(device, noun));
        StringBuilder line = new StringBuilder("~ " + noun.noun() + " " + id);
        for (String column : noun.columns()) {
            String value = RecordView.text(view, column);
            if (!value.isEmpty()) {
                line.append("  ").append(column).append('=').append(value);
            }
        }
        terminal.line(line + "  [" + RecordView.text(view, "syncStatus") + "]");
    }

    /** A declaration of the shop's own fields that changed: "~ field tickets.accessories (Accessories left, text)". */
    private static void printDeclaration(RepairSyncDevice device, Terminal terminal, String id) {
        Optional<CustomField> declared = CustomField.ENTITIES.stream()
                .flatMap(entity -> device.customFields().all(entity).stream())
                .filter(field -> field.id().equals(id))
                .findFirst();
        if (declared.isEmpty()) {
            return; // one this version cannot read (a newer server's): kept, not shown
        }
        CustomField field = declared.get();
        if (terminal.json()) {
            ObjectNode event = Terminal.object()
                    .put("event", "change")
                    .put("entity", CustomFieldViews.ENTITY)
                    .put("id", id);
            event.set("record", CustomFieldViews.of(device, field));
            terminal.event(event);
            return;
        }
        terminal.line("~ field " + field.entity() + "." + field.name() + " (" + field.label() + ", "
                + CustomFieldViews.typeName(field.type()) + (field.required() ? ", required" : "")
                + (field.removed() ? ", removed" : "") + ")");
    }

    private static void printPresence(Terminal terminal, Presence presence) {
        if (terminal.json()) {
            ObjectNode event = (ObjectNode) Terminal.tree(presence);
            event.put("event", "presence");
            event.put("presence", presence.event());
            terminal.event(event);
            return;
        }
        switch (presence.event()) {
            case "online" -> terminal.line("+ " + presence.device().deviceName() + " is online");
            case "offline" -> terminal.line("- " + presence.device().deviceName() + " went offline");
            case "snapshot" ->
                terminal.line("online now: "
                        + String.join(
                                ", ",
                                presence.online().stream()
                                        .map(Presence.OnlineDevice::deviceName)
                                        .toList()));
            default -> {}
        }
    }
}
