package com.repairsync.desk.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.DeviceOptions;
import com.repairsync.client.transport.SyncTransport;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime half of the threading rule: on the JavaFX thread, SDK and network calls throw. */
class FxGuardTest {

    @BeforeAll
    static void startJavaFx() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            started.complete(null);
        }
        started.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aGuardedCallOnTheFxThreadThrowsAndIsCounted() throws Exception {
        int before = FxGuard.violations();
        Throwable thrown = onFx(() -> FxGuard.requireOffFxThread("customers().all"));
        assertThat(thrown)
                .isInstanceOf(FxGuard.FxThreadViolation.class)
                .hasMessageContaining("customers().all called on the JavaFX thread");
        assertThat(FxGuard.violations()).isEqualTo(before + 1);
        FxGuard.requireOffFxThread("from a test thread is fine");
    }

    @Test
    void theTransportRefusesNetworkCallsOnTheFxThread() throws Exception {
        List<String> reached = new CopyOnWriteArrayList<>();
        SyncTransport network = (SyncTransport) Proxy.newProxyInstance(
                SyncTransport.class.getClassLoader(), new Class<?>[] {SyncTransport.class}, (proxy, method, args) -> {
                    reached.add(method.getName());
                    return null;
                });
        FxGuardedTransport guarded = new FxGuardedTransport(network);

        assertThat(onFx(guarded::health)).isInstanceOf(FxGuard.FxThreadViolation.class);
        assertThat(reached).as("the network was never touched").isEmpty();
        guarded.health();
        assertThat(reached).containsExactly("health");
        SyncTransport.PullQuery everything = new SyncTransport.PullQuery(0, 100, List.of(), null, null);
        assertThat(onFx(() -> guarded.pullPages(everything, 5, page -> {})))
                .as("the pull stream is guarded too")
                .isInstanceOf(FxGuard.FxThreadViolation.class);
        assertThat(reached).containsExactly("health");
    }

    /**
     * Every call of {@link SyncTransport} (its default methods too, such as the file lane's
     * {@code beginUpload}, {@code uploadChunk} and {@code download}) reaches the network off the
     * JavaFX thread and is refused on it: a default method the wrapper forgot would bypass the guard,
     * or (for the file lane) throw "no file lane" and keep attachments from ever uploading.
     */
    @Test
    void theTransportForwardsAndGuardsEveryCall() throws Exception {
        List<String> reached = new CopyOnWriteArrayList<>();
        SyncTransport network = (SyncTransport) Proxy.newProxyInstance(
                SyncTransport.class.getClassLoader(), new Class<?>[] {SyncTransport.class}, (proxy, method, args) -> {
                    reached.add(method.getName());
                    return null;
                });
        FxGuardedTransport guarded = new FxGuardedTransport(network);
        List<Method> calls = java.util.Arrays.stream(SyncTransport.class.getMethods())
                .filter(m ->
                        !Modifier.isStatic(m.getModifiers()) && !m.getName().equals("close"))
                .toList();
        assertThat(calls)
                .extracting(Method::getName)
                .contains("beginUpload", "uploadChunk", "download", "pullPages", "reportHealth");
        for (Method call : calls) {
            reached.clear();
            invoke(guarded, call);
            assertThat(reached).as("%s reaches the network", call).containsExactly(call.getName());
            Throwable thrown = onFx(() -> invoke(guarded, call));
            assertThat(thrown).as("%s on the JavaFX thread", call).isInstanceOf(FxGuard.FxThreadViolation.class);
            assertThat(reached).as("%s refused before the network", call).containsExactly(call.getName());
        }
    }

    private static void invoke(SyncTransport transport, Method method) {
        Object[] args = java.util.Arrays.stream(method.getParameterTypes())
                .map(type -> type == int.class
                        ? (Object) 0
                        : type == long.class ? (Object) 0L : type == boolean.class ? (Object) false : null)
                .toArray();
        try {
            method.invoke(transport, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void backendResultsArriveOnTheFxThread() throws Exception {
        try (DeskBackend backend = new DeskBackend(Files.createTempDirectory("desk-guard"), DeviceOptions.defaults())) {
            CompletableFuture<Boolean> onFxThread = new CompletableFuture<>();
            CompletableFuture<Throwable> refused = new CompletableFuture<>();
            backend.start().then(joined -> onFxThread.complete(Platform.isFxApplicationThread() && !joined));
            backend.call(device -> device.customers().all()).then(found -> {}, refused::complete);

            assertThat(onFxThread.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.get(10, TimeUnit.SECONDS)).hasMessageContaining("has not joined a shop");
        }
    }

    private static Throwable onFx(Runnable call) throws Exception {
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                call.run();
                result.complete(null);
            } catch (Throwable e) {
                result.complete(e);
            }
        });
        Throwable thrown = result.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> {
                    if (thrown != null) {
                        throw thrown;
                    }
                })
                .isNotNull();
        return thrown;
    }
}
