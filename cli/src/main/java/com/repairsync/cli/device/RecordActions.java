package com.repairsync.cli.device;

import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Secrets;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.InventoryItem;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Record actions beyond add and edit: stock adjustments, parts used on a ticket, PINs. */
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
}
