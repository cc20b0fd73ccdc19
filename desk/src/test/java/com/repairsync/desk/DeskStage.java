package com.repairsync.desk;

import com.repairsync.desk.ui.DeskWindow;
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
}
