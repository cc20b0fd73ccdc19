package com.repairsync.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The load balancers whose forwarding headers the server believes, as CIDR blocks ({@code
 * 10.0.0.0/8}, {@code 2001:db8::/32}, or one address). Only a request that arrives from one of them
 * may name its client in {@code Forwarded} or {@code X-Forwarded-For}; from anywhere else those
 * headers are ignored, so a client cannot pick the address the login throttle counts against.
 */
public final class TrustedProxies {
    /** No proxy is trusted: the socket address is always the client. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Block(byte[] network, int prefix, String text) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((address[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Parses a comma-separated list of CIDR blocks or addresses; blank means none. Only literal
     * addresses are accepted (no host names, so parsing never touches DNS).
     *
     * @throws IllegalArgumentException naming the entry that is not a CIDR block
     */
    public static TrustedProxies parse(String text) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : text.split(",")) {
            String entry = raw.strip();
            if (!entry.isEmpty()) {
                blocks.add(block(entry));
            }
        }
        return blocks.isEmpty() ? NONE : new TrustedProxies(blocks);
    }

    private static Block block(String entry) {
        int slash = entry.indexOf('/');
        String host = slash < 0 ? entry : entry.substring(0, slash);
        byte[] network = literal(host)
                .orElseThrow(() -> new IllegalArgumentException(
                        "must list CIDR blocks such as 10.0.0.0/8 or fd00::/8, got '" + entry + "'"));
        int max = network.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("has a prefix length outside 0.." + max + " in '" + entry + "'");
            }
        }
        return new Block(network, prefix, entry);
    }

    /** The bytes of a literal IPv4 or IPv6 address, or empty for anything else (host names included). */
    static java.util.Optional<byte[]> literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ipv4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return java.util.Optional.empty();
        }
        if (ipv4) {
            for (String part : bare.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return java.util.Optional.empty();
                }
            }
        }
        try {
            return java.util.Optional.of(InetAddress.getByName(bare).getAddress()); // a literal: no lookup
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    /** True when the literal address (IPv4, IPv6, optionally bracketed) lies in a trusted block. */
    public boolean trusts(String address) {
        if (blocks.isEmpty() || address == null) {
            return false;
        }
        return literal(address)
                .map(TrustedProxies::unmapped)
                .map(bytes -> blocks.stream().anyMatch(block -> block.contains(bytes)))
                .orElse(false);
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it carries. */
    private static byte[] unmapped(byte[] address) {
        if (address.length != 16 || (address[10] & 0xff) != 0xff || (address[11] & 0xff) != 0xff) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        return java.util.Arrays.copyOfRange(address, 12, 16);
    }

    @Override
    public String toString() {
        return blocks.isEmpty()
                ? "none"
                : String.join(",", blocks.stream().map(Block::text).toList());
    }
}
