package com.repairsync.server.http;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.ApiException;
import io.javalin.http.Context;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Every answer names the protocol versions the server serves; a request from a device older than
 * them is refused with {@code 426 upgrade_required} before anything else, so the device keeps its
 * changes queued and asks its user to update. Health, the API description and metrics answer
 * every version: a device that must update can still tell the server is there.
 */
final class WireVersionCheck {
    private static final Set<String> EVERY_VERSION = Set.of("/v1/health", "/v1/openapi.json", "/metrics");
    private static final int ECHOED = 16;

    private final WireVersions.Range served;

    WireVersionCheck(int minProtocol) {
        this.served = new WireVersions.Range(minProtocol, WireVersions.CURRENT);
    }

    /**
     * The wire version a request's device speaks, as its header names it ({@link WireVersions#FIRST}
     * without one). {@link #check} ran before every handler, so the header is a valid version.
     */
    static int version(Context ctx) {
        return WireVersions.parse(ctx.header(WireVersions.PROTOCOL_HEADER)).orElse(WireVersions.FIRST);
    }

    void check(Context ctx) {
        ctx.header(WireVersions.SUPPORTED_HEADER, served.toString());
        if (EVERY_VERSION.contains(ctx.path())
                || ctx.path().equals("/console")
                || ctx.path().startsWith("/console/")) {
            return; // a browser speaks no sync protocol
        }
        String header = ctx.header(WireVersions.PROTOCOL_HEADER);
        OptionalInt version = WireVersions.parse(header);
        if (version.isEmpty()) {
            String shown = header.length() > ECHOED ? header.substring(0, ECHOED) + "…" : header;
            throw ApiException.invalid(
                    WireVersions.PROTOCOL_HEADER,
                    WireVersions.PROTOCOL_HEADER + " must be a protocol version from 1 to 9999, got '" + shown + "'");
        }
        if (!served.serves(version.getAsInt())) {
            throw new ApiException(
                    ErrorCode.UPGRADE_REQUIRED,
                    WireVersions.PROTOCOL_HEADER,
                    "this server serves RepairSync protocol " + served + " and the device speaks " + version.getAsInt()
                            + ": update RepairSync on this device to keep syncing");
        }
    }
}
