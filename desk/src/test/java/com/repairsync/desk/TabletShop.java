package com.repairsync.desk;

import com.repairsync.client.RepairSyncDevice;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;

/**
 * A running test server with one shop, a workshop tablet that joined it, filled it with {@link
 * SampleShop} and synced, and a proxy the Desk under test connects through, so a test can cut the
 * Desk's network without touching the tablet's.
 */
record TabletShop(TestServer server, Shop shop, TcpProxy proxy, RepairSyncDevice tablet) implements AutoCloseable {

    /** Starts the server and fills the shop; {@code folder} names the tablet's temporary folder. */
    static TabletShop start(String folder) throws IOException {
        TestServer server = TestServer.start();
        Shop shop = server.createShop();
        TcpProxy proxy = new TcpProxy(URI.create(server.http().baseUrl()).getPort());
        RepairSyncDevice tablet = RepairSyncDevice.open(
                Files.createTempDirectory(folder).resolve("device.db"),
                server.http().baseUrl(),
                DeskIT.fast());
        tablet.join(shop.adminEmail(), TestServer.PASSWORD, "Workshop tablet");
        SampleShop.fill(tablet);
        tablet.syncNow();
        return new TabletShop(server, shop, proxy, tablet);
    }

    @Override
    public void close() {
        tablet.close();
        proxy.close();
        server.stop();
    }
}
