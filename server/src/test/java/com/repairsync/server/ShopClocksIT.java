package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.protocol.Hlc;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each shop has its own server HLC: a device whose clock runs ahead moves only its own shop's. */
class ShopClocksIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void oneShopsFarFutureHlcDoesNotMoveAnotherShopsServerHlc() {
        Device skewed = server.createShop().adminDevice("tablet ahead");
        Device other = server.createShop().adminDevice("desk");
        long ahead = System.currentTimeMillis() + Duration.ofMinutes(50).toMillis();
        Hlc future = new Hlc(ahead, 3, skewed.deviceId());

        JsonHttp.Response pushed = skewed.push(
                List.of(Mutations.upsert("customers", UUID.randomUUID().toString())
                        .field("firstName", "Early")
                        .hlc(future)));
        assertThat(pushed.body().get("results").get(0).get("status").asText()).isEqualTo("applied");
        assertThat(Hlc.parse(pushed.body().get("serverHlc").asText())).isGreaterThan(future);

        JsonHttp.Response elsewhere = other.push(List.of(
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "Now")));
        Hlc otherServerHlc = Hlc.parse(elsewhere.body().get("serverHlc").asText());
        assertThat(otherServerHlc.millis())
                .as("the other shop's server HLC stays at the wall clock")
                .isLessThan(ahead - Duration.ofMinutes(40).toMillis());
        Hlc pulled = Hlc.parse(other.pull("cursor=0").body().get("serverHlc").asText());
        assertThat(pulled.millis()).isLessThan(ahead - Duration.ofMinutes(40).toMillis());
    }
}
