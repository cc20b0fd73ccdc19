package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.Attachment;
import com.repairsync.client.transport.OfflineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * The {@code attachment} commands. An attachment comes from a file ({@code ticket attach}, {@link
 * AttachCommands}), so the generated {@code add} and {@code edit} are replaced by pointers there;
 * {@code list} shows a ticket's or customer's attachments with their upload status, {@code get}
 * writes one's file, and {@code show} and {@code delete} are the generated ones.
 */
final class AttachmentCommands {
    private AttachmentCommands() {}

    static void addTo(CommandLine group, Nouns noun) {
        group.getCommandSpec()
                .usageMessage()
                .footer(
                        "",
                        "Examples:",
                        "  repairsync ticket attach TICKET_ID front.jpg",
                        "  repairsync " + noun.noun() + " list TICKET_ID");
        group.addSubcommand("add", new CommandLine(new AddPointer()));
        group.addSubcommand("list", new CommandLine(new ListAttachments()));
        group.addSubcommand("show", ReadCommands.show(noun));
        group.addSubcommand("get", new CommandLine(new GetAttachment()));
        group.addSubcommand("edit", new CommandLine(new EditPointer()));
        group.addSubcommand("delete", WriteCommands.delete(noun));
        group.addSubcommand("deleted", DeletedCommands.deleted(noun));
        group.addSubcommand("undelete", DeletedCommands.undelete(noun));
    }

    static final String ATTACH_HINT = "repairsync ticket attach TICKET FILE [--kind photo|signature|document]"
            + " [--caption TEXT] (or repairsync customer attach CUSTOMER FILE ...)";

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Attachments come from a file: use repairsync ticket attach (or customer attach).",
            footer = {"", "Example:", "  repairsync ticket attach TICKET_ID front.jpg --caption \"cracked corner\""})
    static final class AddPointer implements Callable<Integer> {
        @Unmatched
        List<String> ignored;

        @Override
        public Integer call() {
            throw CliException.usage("an attachment is made from a file: " + ATTACH_HINT);
        }
    }

    @Command(
            name = "edit",
            mixinStandardHelpOptions = true,
            description = "An attachment's file cannot change: attach the new file and delete the old attachment.",
            footer = {
                "",
                "Example:",
                "  repairsync ticket attach TICKET_ID retake.jpg && repairsync attachment delete OLD_ID"
            })
    static final class EditPointer implements Callable<Integer> {
        @Unmatched
        List<String> ignored;

        @Override
        public Integer call() {
            throw CliException.usage("an attachment's file cannot be changed: attach the new one with " + ATTACH_HINT
                    + ", then repairsync attachment delete ID");
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "List a ticket's (or with --customer a customer's) attachments, newest first, with where each"
                        + " upload stands: pending, uploading n%%, synced or failed with the reason."
            },
            footer = {
                "",
                "Examples:",
                "  repairsync attachment list TICKET_ID",
                "  repairsync attachment list --customer CUSTOMER_ID --json"
            })
    static final class ListAttachments extends DeviceCommand {
        @Parameters(arity = "0..1", paramLabel = "TICKET", description = "the ticket's id")
        String ticket;

        @Option(names = "--customer", paramLabel = "ID", description = "a customer's attachments instead")
        String customer;

        private String ownerId;

        @Override
        public Integer call() {
            if ((ticket == null) == (customer == null)) {
                throw CliException.usage("give a TICKET id or --customer ID (one of them)");
            }
            ownerId = ticket != null ? Values.id("TICKET", ticket) : Values.id("--customer", customer);
            return super.call();
        }

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            List<Attachment> attachments = ticket != null
                    ? device.attachments().ofTicket(ownerId)
                    : device.attachments().ofCustomer(ownerId);
            List<ObjectNode> views =
                    attachments.stream().map(a -> AttachmentViews.of(device, a)).toList();
            terminal.result(views, () -> {
                if (views.isEmpty()) {
                    terminal.line("No attachments.");
                    return;
                }
                terminal.table(
                        AttachmentViews.HEADERS,
                        views.stream().map(AttachmentViews::row).toList());
                terminal.line(views.size() + (views.size() == 1 ? " attachment" : " attachments"));
            });
            return ExitCode.OK;
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = {
                "Write an attachment's file, downloading it from the server if this device does not hold it.",
                "--out may name a folder: the file keeps its name there."
            },
            footer = {
                "",
                "Examples:",
                "  repairsync attachment get ID --out front.jpg",
                "  repairsync attachment get ID --out ~/Downloads/"
            })
    static final class GetAttachment extends DeviceCommand {
        @Parameters(paramLabel = "ID", description = "the attachment's id (repairsync attachment list TICKET)")
        String id;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write it")
        Path out;

        @Option(names = "--force", description = "replace FILE if it exists")
        boolean force;

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            String attachmentId = Values.id("ID", id);
            Attachment attachment = device.attachments()
                    .get(attachmentId)
                    .orElseThrow(() -> CliException.notFound("no attachment " + attachmentId + " on this device"));
            Path target = target(out, attachment, force);
            boolean held = device.attachments().status(attachmentId).downloaded();
            String sha256;
            try (InputStream in = device.attachments().open(attachmentId)) {
                sha256 = write(in, target);
            } catch (OfflineException e) {
                throw CliException.offline("ID: the file of attachment " + attachmentId
                        + " is not on this device and the server cannot be reached (" + e.getMessage()
                        + "); try again when online");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ObjectNode result = Terminal.object()
                    .put("id", attachmentId)
                    .put("file", target.toAbsolutePath().toString())
                    .put("size", attachment.size())
                    .put("contentType", attachment.contentType())
                    .put("sha256", sha256)
                    .put("downloaded", !held);
            terminal.result(
                    result,
                    () -> terminal.line("Wrote " + target + " (" + AttachmentViews.size(attachment.size()) + ", "
                            + attachment.contentType() + (held ? "" : ", downloaded") + ")."));
            return ExitCode.OK;
        }
    }

    /** Where {@code get} writes: {@code --out}, or the attachment's file name inside it when it is a folder. */
    static Path target(Path out, Attachment attachment, boolean force) {
        Path target = out;
        if (Files.isDirectory(out)) {
            String name = attachment.fileName() == null
                    ? null
                    : Path.of(attachment.fileName()).getFileName().toString();
            target = out.resolve(name == null || name.isBlank() || name.startsWith(".") ? attachment.id() : name);
        }
        if (Files.isDirectory(target)) {
            throw CliException.usage("--out: " + target + " is a folder");
        }
        if (Files.exists(target) && !force) {
            throw CliException.usage("--out: " + target + " exists; add --force to replace it");
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw CliException.usage("--out: no such folder: " + parent);
        }
        return target;
    }

    /**
     * Copies the bytes to a temporary file beside the target, then renames it into place (no
     * half-written file on failure); returns their SHA-256.
     */
    static String write(InputStream in, Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Path part = Files.createTempFile(parent, "." + target.getFileName() + ".", ".part");
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (OutputStream file = new DigestOutputStream(Files.newOutputStream(part), digest)) {
                in.transferTo(file);
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java", e);
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
