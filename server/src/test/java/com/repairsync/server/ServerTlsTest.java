package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerTlsTest {
    @ParameterizedTest
    @CsvSource({
        "0.0.0.0, true, https://127.0.0.1:8787",
        "::, false, http://127.0.0.1:8787",
        "[::], true, https://127.0.0.1:8787",
        "127.0.0.1, false, http://127.0.0.1:8787",
        "::1, false, http://[::1]:8787",
        "[::1], true, https://[::1]:8787",
        "192.168.1.20, true, https://192.168.1.20:8787",
        "shop-server, true, https://shop-server:8787"
    })
    void theUrlFromThisMachine(String host, boolean https, String url) {
        assertThat(ServerTls.url(host, https, 8787)).isEqualTo(url);
    }
}
