package com.repairsync.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The address of the client a request comes from, for the login throttle, the sign-up limit and
 * the request log.
 *
 * <p>The socket peer is the client unless it is a {@link TrustedProxies trusted proxy}. Then the
 * client is named by {@code Forwarded: for=} (RFC 7239) or, without that header, by {@code
 * X-Forwarded-For}: each proxy appends the address it received the request from, so the list is
 * read from the right, skipping addresses that are themselves trusted proxies; the first address
 * that is not is the client. Anything to its left was written by the client and is not believed. A
 * header that does not parse, or names a hop as {@code unknown} or an obfuscated token before the
 * client is found, falls back to the peer: the throttle then counts the proxy, which is
 * conservative, never an address the client chose.
 */
public final class ClientAddress {
    /** More hops than any real chain of proxies; a longer header is treated as malformed. */
    static final int MAX_HOPS = 32;

    private final TrustedProxies proxies;

    public ClientAddress(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    /**
     * The client's address.
     *
     * @param peer the socket peer's address
     * @param forwarded every {@code Forwarded} header line, in order (empty when absent)
     * @param forwardedFor every {@code X-Forwarded-For} header line, in order (empty when absent)
     */
    public String resolve(String peer, List<String> forwarded, List<String> forwardedFor) {
        if (!proxies.trusts(peer)) {
            return peer;
        }
        Optional<List<String>> hops = forwarded.isEmpty() ? forwardedFor(forwardedFor) : forwarded(forwarded);
        if (hops.isEmpty() || hops.get().isEmpty()) {
            return peer;
        }
        List<String> chain = hops.get();
        for (int i = chain.size() - 1; i >= 0; i--) {
            Optional<String> address = normalized(chain.get(i));
            if (address.isEmpty()) {
                return peer;
            }
            if (!proxies.trusts(address.get()) || i == 0) {
                return address.get();
            }
        }
        return peer; // not reached: the loop returns at i == 0
    }

    /** The {@code for=} values of every element, or empty if an element has none or does not parse. */
    private static Optional<List<String>> forwarded(List<String> lines) {
        List<String> hops = new ArrayList<>();
        for (String line : lines) {
            for (String element : line.split(",", -1)) {
                String address = null;
                for (String pair : element.split(";", -1)) {
                    int equals = pair.indexOf('=');
                    if (equals < 0) {
                        return Optional.empty();
                    }
                    String name = pair.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                    if (name.equals("for")) {
                        if (address != null) {
                            return Optional.empty();
                        }
                        address = unquoted(pair.substring(equals + 1).strip());
                    }
                }
                if (address == null) {
                    return Optional.empty();
                }
                hops.add(address);
                if (hops.size() > MAX_HOPS) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(hops);
    }

    private static Optional<List<String>> forwardedFor(List<String> lines) {
        List<String> hops = new ArrayList<>();
        for (String line : lines) {
            for (String hop : line.split(",", -1)) {
                hops.add(hop.strip());
                if (hops.size() > MAX_HOPS) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(hops);
    }

    private static String unquoted(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /**
     * A hop as a literal IP address in its canonical text, without brackets or port: {@code
     * 192.0.2.1}, {@code 192.0.2.1:4711}, {@code [2001:db8::1]}, {@code [2001:db8::1]:4711} and a
     * bare {@code 2001:db8::1}; empty for {@code unknown}, obfuscated names and anything else.
     */
    static Optional<String> normalized(String hop) {
        String host = hop;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || !(close == host.length() - 1 || host.charAt(close + 1) == ':')) {
                return Optional.empty();
            }
            if (close < host.length() - 1 && !isPort(host.substring(close + 2))) {
                return Optional.empty();
            }
            host = host.substring(1, close);
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            int colon = host.indexOf(':');
            if (!isPort(host.substring(colon + 1))) {
                return Optional.empty();
            }
            host = host.substring(0, colon); // IPv4 with a port
        }
        Optional<byte[]> bytes = TrustedProxies.literal(host);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes.get()).getHostAddress());
        } catch (UnknownHostException impossible) {
            return Optional.empty(); // only for a wrong length, which a literal never has
        }
    }

    private static boolean isPort(String text) {
        return text.matches("\\d{1,5}") && Integer.parseInt(text) <= 65535;
    }
}
