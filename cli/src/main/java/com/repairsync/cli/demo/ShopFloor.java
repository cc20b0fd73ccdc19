package com.repairsync.cli.demo;

import com.repairsync.cli.Shops;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.transport.ServerTrust;
import java.util.Map;

/**
 * The demo's cast, and its first step: the shop 'Fix-It Corner' with its owner Ada (the admin) and
 * two technicians, Tom and Tia, each with a PIN; and its three devices, each on a {@link Cable}
 * the story can pull: the front desk, Tom's tablet and Ada's laptop.
 */
record ShopFloor(
        RepairSyncDevice desk,
        Cable deskCable,
        RepairSyncDevice tablet,
        Cable tabletCable,
        RepairSyncDevice laptop,
        Cable laptopCable,
        String ada,
        String tom,
        String tia) {
    static final String EMAIL = "ada@fixit.example";
    static final String PASSWORD = "demo password 1";

    /** Creates the shop on the server at {@code url}, joins the three devices and hires the technicians. */
    static ShopFloor setUp(String url, DemoDevices devices, Narrator narrator) {
        String adaId = Shops.create(url, ServerTrust.authorities(), "Fix-It Corner", EMAIL, PASSWORD, "Ada", "Lovelace")
                .path("employeeId")
                .asText();
        narrator.say("Created the shop 'Fix-It Corner'; its owner Ada Lovelace is the admin. Server at " + url + ".");

        Cable deskCable = new Cable();
        Cable tabletCable = new Cable();
        Cable laptopCable = new Cable();
        RepairSyncDevice desk = devices.open("front-desk", url, deskCable);
        desk.join(EMAIL, PASSWORD, "front desk");
        String tom = desk.employees().create(Map.of("firstName", "Tom", "lastName", "Kilburn", "role", "technician"));
        String tia = desk.employees().create(Map.of("firstName", "Tia", "lastName", "Okafor", "role", "technician"));
        desk.employees().setPin(tom, "1234");
        desk.employees().setPin(tia, "5678");
        desk.employees().setPin(adaId, "246810"); // an admin's PIN has at least 6 digits
        desk.syncNow();
        RepairSyncDevice tablet = devices.open("tablet", url, tabletCable);
        tablet.join(EMAIL, PASSWORD, "technician's tablet");
        tablet.switchEmployee(tom, "1234");
        RepairSyncDevice laptop = devices.open("laptop", url, laptopCable);
        laptop.join(EMAIL, PASSWORD, "owner's laptop");
        narrator.step(
                "Setup",
                "3 devices joined; Tom switched in on the tablet by PIN",
                null,
                "Three devices joined the shop: the front desk, the technician's tablet (Tom switched in by his PIN,"
                        + " which works offline too) and the owner's laptop. Each keeps its own SQLite database.");
        return new ShopFloor(desk, deskCable, tablet, tabletCable, laptop, laptopCable, adaId, tom, tia);
    }
}
