package com.repairsync.desk;

import com.repairsync.client.DeviceOptions;
import com.repairsync.desk.backend.DeskBackend;
import com.repairsync.desk.ui.DeskWindow;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The JavaFX application: one window on one device database. */
public final class DeskApp extends Application {
    static volatile DeskMain.Options options = DeskMain.Options.parse();
    private DeskBackend backend;

    @Override
    public void start(Stage stage) {
        backend = new DeskBackend(
                options.device(),
                DeviceOptions.defaults().withApp("RepairSync Desk " + com.repairsync.client.Sdk.VERSION));
        stage.setTitle("RepairSync Desk");
        stage.setScene(
                scene(new DeskWindow(backend, options, java.time.Clock.systemUTC(), getHostServices()::showDocument)));
        stage.show();
    }

    /** The scene of a window with the desk's style sheet. */
    public static Scene scene(DeskWindow window) {
        Scene scene = new Scene(window.root(), 1280, 800);
        scene.getStylesheets().add(DeskApp.class.getResource("desk.css").toExternalForm());
        return scene;
    }

    @Override
    public void stop() {
        if (backend != null) {
            backend.close();
        }
    }
}
