package com.repairsync.cli.device;

import com.repairsync.cli.CliException;
import java.net.URI;
import java.net.URISyntaxException;

/** Server URLs typed on the command line. */
public final class ServerUrls {
    private ServerUrls() {}

    /**
     * The URL without a trailing slash.
     *
     * @throws CliException (usage) naming {@code --server} unless it is http(s)://HOST[:PORT]
     */
    public static String normalize(String text) {
        String url = text.strip().replaceAll("/+$", "");
        try {
            URI uri = new URI(url);
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not http(s)://HOST[:PORT]");
            }
        } catch (URISyntaxException e) {
            throw CliException.usage("--server: '" + text + "' is not a server URL such as http://localhost:8787");
        }
        return url;
    }
}
