package com.repairsync.desk;

import com.repairsync.desk.backend.DeskBackend;
import com.repairsync.desk.ui.DeskWindow;
import com.repairsync.testkit.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** Shows a Desk window on a test's stage at the size the screenshots and robots expect (1280 × 800). */
final class DeskStage {
    private DeskStage() {}

    /** Puts the window's scene on the stage, sizes and shows it; the scene shown. */
    static Scene show(Stage stage, DeskWindow window) {
        Scene scene = DeskApp.scene(window);
        stage.setScene(scene);
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
        return scene;
    }

    /** A Desk on a new device folder, not joined yet, that reaches the shop's server through its proxy. */
    record Shown(DeskBackend backend, Scene scene) implements AutoCloseable {
        @Override
        public void close() {
            backend.close();
        }
    }

    /**
     * Shows a new Desk (its device folder a temporary one named after {@code folder}) that joins
     * through {@code shop}'s proxy, at the real clock: what a test's {@code @Start} does.
     */
    static Shown showFor(Stage stage, TabletShop shop, String folder) throws IOException {
        Path dir = Files.createTempDirectory(folder);
        DeskBackend backend = new DeskBackend(dir, DeskIT.fast());
        DeskWindow window = new DeskWindow(
                backend, new DeskMain.Options(dir, shop.proxy().url(), false, null, null), MutableClock.atNow(), null);
        return new Shown(backend, show(stage, window));
    }
}
