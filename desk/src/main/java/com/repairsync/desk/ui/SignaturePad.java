package com.repairsync.desk.ui;

import java.util.function.Consumer;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Signature capture: the customer signs on a canvas with the mouse, a pen or a finger (touch and
 * pen input arrive as mouse drags), then Clear or Accept. Accept hands over the canvas as PNG.
 */
final class SignaturePad {
    static final double WIDTH = 520;
    static final double HEIGHT = 200;

    private final Canvas canvas = new Canvas(WIDTH, HEIGHT);
    private final Button accept = Fx.button("Accept", "signatureAccept");
    private final Stage stage = new Stage();

    private SignaturePad(Window owner, Consumer<byte[]> accepted) {
        canvas.setId("signatureCanvas");
        canvas.setCursor(javafx.scene.Cursor.CROSSHAIR);
        GraphicsContext pen = canvas.getGraphicsContext2D();
        pen.setStroke(Color.web("#14213d"));
        pen.setLineWidth(2.5);
        pen.setLineCap(StrokeLineCap.ROUND);
        pen.setLineJoin(StrokeLineJoin.ROUND);
        clear();
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            pen.beginPath();
            pen.moveTo(e.getX(), e.getY());
            pen.stroke();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            pen.lineTo(e.getX(), e.getY());
            pen.stroke();
            accept.setDisable(false);
        });
        Button clearButton = Fx.button("Clear", "signatureClear");
        clearButton.setOnAction(e -> clear());
        Button cancel = Fx.button("Cancel", "signatureCancel");
        cancel.setOnAction(e -> stage.close());
        accept.setDefaultButton(true);
        accept.setOnAction(e -> {
            SnapshotParameters white = new SnapshotParameters();
            white.setFill(Color.WHITE);
            byte[] png = AttachmentFiles.png(canvas.snapshot(white, null));
            stage.close();
            accepted.accept(png);
        });
        StackPane paper = new StackPane(canvas);
        paper.getStyleClass().add("signature-paper");
        Label hint = new Label("Please sign above the line with the mouse, a pen or your finger.");
        hint.getStyleClass().add("muted");
        VBox root = new VBox(
                10, Fx.title("Customer signature"), paper, hint, Fx.bar(clearButton, Fx.spacer(), cancel, accept));
        root.getStyleClass().addAll("pane", "signature-pad");
        root.setId("signaturePad");
        Scene scene = new Scene(root);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle("Signature");
        stage.setScene(scene);
    }

    /** Opens the pad over {@code owner}; {@code accepted} gets the PNG when the customer accepts. */
    static void open(Window owner, Consumer<byte[]> accepted) {
        SignaturePad pad = new SignaturePad(owner, accepted);
        pad.stage.show();
        pad.stage.toFront();
    }

    private void clear() {
        GraphicsContext pen = canvas.getGraphicsContext2D();
        pen.setFill(Color.WHITE);
        pen.fillRect(0, 0, WIDTH, HEIGHT);
        pen.setStroke(Color.web("#b8c2d0"));
        pen.setLineWidth(1);
        pen.strokeLine(24, HEIGHT - 40, WIDTH - 24, HEIGHT - 40);
        pen.setStroke(Color.web("#14213d"));
        pen.setLineWidth(2.5);
        accept.setDisable(true);
    }
}
