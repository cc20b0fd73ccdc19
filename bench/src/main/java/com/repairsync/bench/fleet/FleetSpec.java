package com.repairsync.bench.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What one fleet child runs: the server nodes, and its share of the devices (signed in by the
 * parent) with the node each first connects to.
 *
 * @param seed seeds the child's reconnect jitter
 * @param wireVersion the wire version the stand-ins name in their handshake
 * @param nodeUrls every server node's base URL, in node order
 * @param devices this child's devices; a device is known by its place in this list
 * @param sampledShop the shop whose presence some devices fold, to check it ends right
 * @param sampledShopDevices the server's device ids of that shop: who its devices must see online
 * @param sampled how many of this child's devices of that shop fold presence
 */
public record FleetSpec(
        long seed,
        int wireVersion,
        List<String> nodeUrls,
        List<Device> devices,
        int sampledShop,
        List<String> sampledShopDevices,
        int sampled) {

    /**
     * One device: its shop (by number), access token, first node and the server's id for it.
     *
     * @param shop the shop's number in the fleet, from 0
     * @param node the node it first connects to, from 0
     */
    public record Device(int shop, String accessToken, int node, String deviceId) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the spec for a child to read. */
    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** Reads a spec the parent wrote. */
    public static FleetSpec read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), FleetSpec.class);
    }
}
