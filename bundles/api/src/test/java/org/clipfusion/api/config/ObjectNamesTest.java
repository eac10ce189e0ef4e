package org.clipfusion.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ObjectNamesTest {

    @Test
    void visaCategoriesThatAreNotObjectNamesAreTranslated() {
        ObjectNames names = ObjectNames.visaAnd();
        assertEquals("printed circuit board", names.objectName("pcb3", ""));
        assertEquals("chewing gum", names.objectName("chewinggum", null));
        assertEquals("pipe fryum", names.objectName("pipe_fryum", "pipe_fryum"));
        assertEquals("metal nut", names.objectName("metal_nut", ""));
    }

    @Test
    void configuredEntriesOverrideTheVisaTableAndAnExplicitNameWins() {
        ObjectNames names = ObjectNames.visaAnd("pcb1=circuit board");
        assertEquals("circuit board", names.objectName("pcb1", ""));
        assertEquals("printed circuit board", names.objectName("pcb2", ""));
        assertEquals("green board", names.objectName("pcb2", "green board"));
    }
}
