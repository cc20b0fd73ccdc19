package com.repairsync.desk.ui;

import com.repairsync.desk.backend.Access;
import java.util.Set;
import javafx.scene.Node;

/** One screen of the desk: its view, and a reload that runs when its entities change. */
interface Screen {
    Node view();

    /** Entities whose changes this screen shows; a change of one reloads it. */
    Set<String> entities();

    /** Reads again through the backend and refreshes the view. */
    void reload();

    /** The acting employee changed: enable and disable by their role. */
    default void accessChanged(Access access) {}

    /** Whether the acting employee's role sees this screen in the navigation at all. */
    default boolean visibleTo(Access access) {
        return true;
    }
}
