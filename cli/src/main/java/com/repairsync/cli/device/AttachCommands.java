package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Failures;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.InvalidRecordException;
import com.repairsync.client.NotJoinedException;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.AttachmentStatus;
import com.repairsync.client.transport.TransportException;
import com.repairsync.protocol.schema.Schema;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ticket attach} and {@code customer attach}: a photo, signature or document from a file.
 * The file and the attachment are saved on the device together; then the command stays until the
 * file is uploaded and the attachment synced ({@link UploadWait}), or says it waits on the device.
 */
final class AttachCommands {
    static final String DEFAULT_WAIT = "10m";

    private AttachCommands() {}

    @Command(
            name = "attach",
            mixinStandardHelpOptions = true,
            description = {
                "Attach a photo, signature or document to a ticket: JPEG, PNG, HEIC, WebP or PDF (the type is read"
                        + " from the file's bytes).",
                "It is saved on this device, then uploaded; the command waits until the server holds it (or says"
                        + " it waits for the next sync)."
            },
            footer = {
                "",
                "Examples:",
                "  repairsync ticket attach TICKET_ID front.jpg --caption \"cracked corner\"",
                "  repairsync ticket attach TICKET_ID signed.pdf --kind document"
            })
    static final class TicketAttach extends Attach {
        @Parameters(index = "0", paramLabel = "TICKET", description = "the ticket's id (repairsync ticket list)")
        String ticket;

        @Override
        String owner() {
            return Values.id("TICKET", ticket);
        }

        @Override
        String attach(RepairSyncDevice device, String ticketId, Request request) {
            device.tickets()
                    .get(ticketId)
                    .orElseThrow(() -> CliException.notFound("TICKET: no ticket " + ticketId + " on this device"));
            return device.tickets().attach(ticketId, file, request.kind(), request.caption());
        }
    }

    @Command(
            name = "attach",
            mixinStandardHelpOptions = true,
            description = {
                "Attach a photo, signature or document to a customer (an ID card, a signed form): JPEG, PNG, HEIC,"
                        + " WebP or PDF.",
                "It is saved on this device, then uploaded; the command waits until the server holds it (or says"
                        + " it waits for the next sync)."
            },
            footer = {"", "Example:", "  repairsync customer attach CUSTOMER_ID consent.pdf --kind document"})
    static final class CustomerAttach extends Attach {
        @Parameters(index = "0", paramLabel = "CUSTOMER", description = "the customer's id (repairsync customer list)")
        String customer;

        @Override
        String owner() {
            return Values.id("CUSTOMER", customer);
        }

        @Override
        String attach(RepairSyncDevice device, String customerId, Request request) {
            device.customers()
                    .get(customerId)
                    .orElseThrow(
                            () -> CliException.notFound("CUSTOMER: no customer " + customerId + " on this device"));
            return device.customers().attach(customerId, file, request.kind(), request.caption());
        }
    }

    /** The kind and caption of an attachment, checked by the declaration. */
    record Request(String kind, String caption) {}

    /** What both attach commands share: the file, its kind and caption, and the wait for the upload. */
    abstract static class Attach extends DeviceCommand {
        @Parameters(index = "1", paramLabel = "FILE", description = "the file: JPEG, PNG, HEIC, WebP or PDF")
        Path file;

        @Option(
                names = "--kind",
                defaultValue = "photo",
                paramLabel = "KIND",
                description = "photo, signature or document (default photo)")
        String kind;

        @Option(names = "--caption", paramLabel = "TEXT", description = "what it shows (up to 500 characters)")
        String caption;

        @Option(
                names = "--wait",
                defaultValue = DEFAULT_WAIT,
                paramLabel = "DURATION",
                description = "wait at most this long for the upload, such as 30s or 10m (default " + DEFAULT_WAIT
                        + "); it continues with the next sync")
        String waitFor;

        @Option(names = "--no-sync", description = "only save on this device; it uploads with the next repairsync sync")
        boolean noSync;

        private String ownerId;
        private Request request;

        /** The ticket's or customer's id, checked. */
        abstract String owner();

        /** Attaches the file to the owner, which must be on this device; returns the attachment's id. */
        abstract String attach(RepairSyncDevice device, String ownerId, Request request);

        /** Every argument is checked before the device opens: a bad one is refused naming it. */
        @Override
        public Integer call() {
            ownerId = owner();
            request = checked();
            return super.call();
        }

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            String id = attached(() -> attach(device, ownerId, request));
            return afterAttach(device, terminal, id);
        }

        /** The flags checked before anything is stored: a bad one is refused naming it. */
        Request checked() {
            checkFile(file);
            Durations.parse("--wait", waitFor);
            var attachments = Schema.ATTACHMENTS;
            String checkedKind = (String) Values.parse(attachments.field("kind").orElseThrow(), "--kind", kind);
            String checkedCaption = caption == null
                    ? null
                    : (String) Values.parse(attachments.field("caption").orElseThrow(), "--caption", caption);
            return new Request(checkedKind, checkedCaption);
        }

        /** Runs the SDK's attach, naming FILE in its refusals (an unknown type, an unreadable or empty file). */
        String attached(java.util.function.Supplier<String> attach) {
            try {
                return attach.get();
            } catch (InvalidRecordException e) {
                if ("file".equals(e.field()) || e.field() == null) {
                    throw CliException.usage("FILE (" + file + "): " + e.getMessage());
                }
                throw e;
            } catch (UncheckedIOException e) {
                throw CliException.usage(
                        "FILE (" + file + "): cannot read it: " + e.getCause().getMessage());
            }
        }

        /** Sends the attachment unless --no-sync, waits for its upload, and prints where it stands. */
        int afterAttach(RepairSyncDevice device, Terminal terminal, String id) {
            UploadWait.Ending ending = send(device, terminal, id);
            AttachmentStatus status = device.attachments().status(id);
            ObjectNode view =
                    AttachmentViews.of(device, device.attachments().get(id).orElseThrow());
            terminal.result(view, () -> terminal.line(id));
            if (status.state() == AttachmentStatus.State.FAILED) {
                terminal.note("The attachment failed: " + status.reason() + " (see repairsync failed list)");
                return ExitCode.REFUSED;
            }
            if (ending == UploadWait.Ending.DONE) {
                terminal.note("Attached " + AttachmentViews.describe(view) + " (synced).");
            }
            return ExitCode.OK;
        }

        private UploadWait.Ending send(RepairSyncDevice device, Terminal terminal, String id) {
            if (noSync) {
                terminal.note("Saved on this device; it uploads with the next 'repairsync sync'.");
                return UploadWait.Ending.OFFLINE;
            }
            try {
                SyncRun.run(device, terminal, false);
            } catch (TransportException | NotJoinedException e) {
                terminal.note("Saved on this device, not sent yet: "
                        + Failures.describe(e).message()
                        + "; the file uploads with the next 'repairsync sync' (nothing is lost).");
                return UploadWait.Ending.OFFLINE;
            }
            Duration limit = Durations.parse("--wait", waitFor);
            UploadWait.Result result = UploadWait.until(device, terminal, List.of(id), limit);
            UploadWait.explain(terminal, result);
            return result.ending();
        }
    }

    /** FILE must be a readable regular file: refused naming it before anything is stored. */
    static void checkFile(Path file) {
        if (!Files.exists(file)) {
            throw CliException.usage("FILE: no such file: " + file);
        }
        if (Files.isDirectory(file)) {
            throw CliException.usage("FILE: " + file + " is a folder, not a file");
        }
        if (!Files.isReadable(file)) {
            throw CliException.usage("FILE: cannot read " + file + " (permission denied)");
        }
    }
}
