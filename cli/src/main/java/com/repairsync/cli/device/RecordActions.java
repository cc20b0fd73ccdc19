package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Failures;
import com.repairsync.cli.Secrets;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.NotJoinedException;
import com.repairsync.client.ReauthenticationRequiredException;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.InventoryItem;
import com.repairsync.client.transport.TransportException;
import com.repairsync.protocol.Erasure;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Record actions beyond add and edit: stock adjustments, parts used on a ticket, PINs, erasing a customer. */
final class RecordActions {
    private RecordActions() {}

    @Command(
            name = "adjust",
            mixinStandardHelpOptions = true,
            description = "Add to or take from an item's stock. Adjustments from several devices add up exactly.",
            footer = {"", "Examples:", "  repairsync item adjust ID --by -1", "  repairsync item adjust ID --by 10"})
    static final class ItemAdjust extends DeviceCommand {
        @Parameters(paramLabel = "ID", description = "the item's id (repairsync item list)")
        String id;

        @Option(
                names = "--by",
                required = true,
                paramLabel = "N",
                description = "how many to add (negative takes parts out of stock)")
        String by;

        @Option(names = "--no-sync", description = "only save on this device; send with the next repairsync sync")
        boolean noSync;

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            String itemId = Values.id("ID", id);
            long delta = Values.whole("--by", by);
            if (delta == 0) {
                throw CliException.usage("--by: must not be 0");
            }
            device.inventoryItems()
                    .get(itemId)
                    .orElseThrow(() -> CliException.notFound("no item " + itemId + " on this device"));
            device.inventoryItems().adjustStock(itemId, delta);
            WriteSync.afterWrite(device, terminal, noSync);
            InventoryItem item = device.inventoryItems().get(itemId).orElseThrow();
            terminal.result(
                    RecordView.of(item),
                    () -> terminal.line(item.name() + ": " + item.quantity() + " in stock ("
                            + item.syncStatus().name().toLowerCase(java.util.Locale.ROOT) + ")."));
            return ExitCode.OK;
        }
    }

    @Command(
            name = "add-part",
            mixinStandardHelpOptions = true,
            description =
                    "Use a part from inventory on a ticket: the part is recorded and taken from stock together, all or nothing.",
            footer = {
                "",
                "Example:",
                "  repairsync ticket add-part TICKET_ID --item ITEM_ID --quantity 1 --unit-price-cents 8900"
            })
    static final class TicketAddPart extends DeviceCommand {
        @Parameters(paramLabel = "TICKET_ID", description = "the ticket's id")
        String ticket;

        @Option(names = "--item", required = true, paramLabel = "ID", description = "the inventory item used")
        String item;

        @Option(
                names = "--quantity",
                defaultValue = "1",
                paramLabel = "N",
                description = "how many (1 to 10000; default 1)")
        String quantity;

        @Option(
                names = "--unit-price-cents",
                paramLabel = "CENTS",
                description = "price charged per part (default: none)")
        String unitPrice;

        @Option(names = "--no-sync", description = "only save on this device; send with the next repairsync sync")
        boolean noSync;

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            String ticketId = Values.id("TICKET_ID", ticket);
            String itemId = Values.id("--item", item);
            var parts = com.repairsync.protocol.schema.Schema.TICKET_PARTS;
            long count = (Long) Values.parse(parts.field("quantity").orElseThrow(), "--quantity", quantity);
            Long price = unitPrice == null
                    ? null
                    : (Long) Values.parse(parts.field("unitPriceCents").orElseThrow(), "--unit-price-cents", unitPrice);
            device.tickets()
                    .get(ticketId)
                    .orElseThrow(() -> CliException.notFound("no ticket " + ticketId + " on this device"));
            device.inventoryItems()
                    .get(itemId)
                    .orElseThrow(() -> CliException.notFound("no item " + itemId + " on this device"));
            String partId = device.tickets().addPart(ticketId, itemId, count, price);
            int failed = WriteSync.afterWrite(device, terminal, noSync);
            var part = device.ticketParts().get(partId).orElseThrow();
            var stock = device.inventoryItems().get(itemId).orElseThrow();
            var result = RecordView.of(part);
            result.put("stockLeft", stock.quantity());
            terminal.result(
                    result,
                    () -> terminal.line("Used " + count + " × " + stock.name() + " on the ticket; " + stock.quantity()
                            + " left in stock (" + part.syncStatus().name().toLowerCase(java.util.Locale.ROOT) + ")."));
            return failed > 0 && part.syncStatus() == com.repairsync.client.SyncStatus.FAILED
                    ? ExitCode.REFUSED
                    : ExitCode.OK;
        }
    }

    @Command(
            name = "set-pin",
            mixinStandardHelpOptions = true,
            description =
                    "Set an employee's PIN for switching on shared devices: 4 to 8 digits, at least 6 for an admin or"
                            + " manager. Only its hash is stored and synced.",
            footer = {"", "Example:", "  repairsync employee set-pin ID        (asks for the PIN)"})
    static final class EmployeeSetPin extends DeviceCommand {
        @Parameters(paramLabel = "ID", description = "the employee's id")
        String id;

        @Option(
                names = "--pin-file",
                paramLabel = "FILE",
                description = "read the PIN from this file instead of the prompt")
        Path pinFile;

        @Option(names = "--no-sync", description = "only save on this device; send with the next repairsync sync")
        boolean noSync;

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            String employeeId = Values.id("ID", id);
            device.employees()
                    .get(employeeId)
                    .orElseThrow(() -> CliException.notFound("no employee " + employeeId + " on this device"));
            String pin = Secrets.read("PIN", null, pinFile, "--pin-file", "REPAIRSYNC_PIN");
            try {
                device.employees().setPin(employeeId, pin);
            } catch (IllegalArgumentException policy) {
                throw CliException.usage("PIN: " + policy.getMessage());
            }
            WriteSync.afterWrite(device, terminal, noSync);
            terminal.result(
                    Terminal.object().put("employeeId", employeeId).put("pinSet", true),
                    () -> terminal.line("PIN set for " + Employees.describe(device, employeeId) + "."));
            return ExitCode.OK;
        }
    }

    @Command(
            name = "erase",
            mixinStandardHelpOptions = true,
            description = {
                "Erase a customer's personal details (a person's right to be forgotten): from the customer, their"
                        + " tickets, appointments and attachments (files deleted), the shop's history and every device."
                        + " Tickets keep their money figures; the audit keeps that it happened, by whom and when.",
                "Admins only, online. It cannot be undone: asks first unless --yes."
            },
            footer = {
                "",
                "Examples:",
                "  repairsync customer erase ID",
                "  repairsync customer erase ID --yes --password-file ~/.repairsync-password        (scripts)"
            })
    static final class CustomerErase extends DeviceCommand {
        @Parameters(paramLabel = "ID", description = "the customer's id (repairsync customer list)")
        String id;

        @Option(names = "--yes", description = "erase without asking (needed when no one is at a terminal)")
        boolean yes;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description =
                        "your password, which erasing asks for again (default: the prompt or REPAIRSYNC_PASSWORD)")
        Path passwordFile;

        private String customerId;

        /** The id, and whether anyone can be asked, are checked before the device opens. */
        @Override
        public Integer call() {
            customerId = Values.id("ID", id);
            if (!yes && System.console() == null) {
                throw CliException.usage("erasing customer " + customerId
                        + " cannot be undone and there is no terminal to ask: add --yes to erase");
            }
            return super.call();
        }

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            String who = device.customers()
                    .get(customerId)
                    .map(c -> c.lastName() == null || c.lastName().isBlank()
                            ? c.firstName()
                            : c.firstName() + " " + c.lastName())
                    .map(name -> name + " (" + customerId + ")")
                    .orElse(customerId);
            if (!yes) {
                confirm(who);
            }
            Erasure erasure = ServerOnly.ask("erasing needs the server; nothing was erased", () -> {
                try {
                    return device.customers().erase(customerId);
                } catch (ReauthenticationRequiredException needed) {
                    String password = Secrets.read(
                            "your password (erasing a customer needs it again)",
                            null,
                            passwordFile,
                            "--password-file",
                            "REPAIRSYNC_PASSWORD");
                    device.confirmPassword(password);
                    return device.customers().erase(customerId);
                }
            });
            boolean scrubbed = true;
            try {
                SyncRun.run(device, terminal, false); // this device erases its own copy as every device does
            } catch (TransportException | NotJoinedException e) {
                scrubbed = false;
                terminal.note("Erased on the server; this device erases its copy at the next repairsync sync ("
                        + Failures.describe(e).message() + ").");
            }
            boolean here = scrubbed;
            ObjectNode result = (ObjectNode) Terminal.tree(erasure);
            result.put("erasedOnThisDevice", here);
            terminal.result(
                    result,
                    () -> terminal.line("Erased customer " + who + ": personal details removed from "
                            + erasure.records() + " record(s), " + erasure.files() + " file(s) deleted"
                            + (here ? "; " : " on the server; ") + "every device erases its copy when it syncs."));
            return ExitCode.OK;
        }

        /** Asks at the terminal ({@link #call()} refused already when there is none). */
        private static void confirm(String who) {
            String answer = System.console()
                    .readLine(
                            "Erase the personal details of customer %s from the shop and every device? This cannot be undone."
                                    + " Type yes to erase: ",
                            who);
            if (answer == null || !answer.trim().equalsIgnoreCase("yes")) {
                throw CliException.usage("not erased: the answer was not yes (--yes erases without asking)");
            }
        }
    }
}
