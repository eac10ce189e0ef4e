package org.clipfusion.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Evaluation categories go to the engine as temporary categories, with the object name the user chose. */
class TemporaryCategoriesTest {

    @Test
    void theObjectNameComesFromTheCategoryUnlessGiven() {
        RecordingCategories engine = new RecordingCategories();
        assertEquals("eval.metal_nut", new TemporaryCategories(engine, "line3", "").prepare("metal_nut", 7));
        assertEquals("eval.pcb1", new TemporaryCategories(engine, "", "printed circuit board").prepare("pcb1", 0));
        assertEquals("eval.t_te", new TemporaryCategories(engine, "", "").prepare("tüte", 0));
        new TemporaryCategories(engine, "", "").release("eval.pcb1");
        assertEquals(List.of("eval.metal_nut|line3|metal nut|7", "eval.pcb1||printed circuit board|0",
                "eval.t_te||tüte|0"), engine.opened);
        assertEquals(List.of("eval.pcb1"), engine.released);
    }
}
