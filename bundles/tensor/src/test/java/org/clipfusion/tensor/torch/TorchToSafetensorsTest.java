package org.clipfusion.tensor.torch;

import static org.clipfusion.tensor.torch.TorchFixtures.assertSameTensors;
import static org.clipfusion.tensor.torch.TorchFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.SafetensorsFile;
import org.clipfusion.tensor.TensorFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converting checkpoints written by torch.save gives exactly the tensors torch itself sees. */
class TorchToSafetensorsTest {
    @TempDir
    Path temporary;

    @Test
    void everyDtypeAndEveryKindOfViewConvertsExactly() throws IOException {
        Path output = temporary.resolve("flat.safetensors");
        Map<String, TorchTensor> tensors = TorchToSafetensors.convert(fixture("flat_state_dict.pt"), output,
                TorchToSafetensors.Options.defaults());
        assertSameTensors(fixture("flat_state_dict.expected.safetensors"), output);
        assertEquals(List.of("linear.weight", "linear.weight_transposed", "big", "big.rows_2_to_4", "big.column_1",
                "expanded", "logit_scale", "empty", "half", "half.transposed", "bfloat", "double", "position_ids",
                "int32", "uint8", "mask"), List.copyOf(tensors.keySet()), "checkpoint order is kept");
        assertFalse(tensors.get("linear.weight_transposed").isContiguous());
        assertEquals(tensors.get("linear.weight").storage(), tensors.get("linear.weight_transposed").storage(),
                "the transpose shares its storage");
        assertEquals(4, tensors.get("big.rows_2_to_4").storageOffset());
    }

    @Test
    void openClipTrainingCheckpointGivesItsStateDictWithoutTheDataParallelPrefix() throws IOException {
        Path output = temporary.resolve("open_clip.safetensors");
        TorchToSafetensors.convert(fixture("open_clip_style.pt"), output,
                new TorchToSafetensors.Options(null, "module."));
        assertSameTensors(fixture("open_clip_style.expected.safetensors"), output);
        try (SafetensorsFile file = SafetensorsFile.open(output)) {
            assertEquals(DType.I64, file.info("steps").dtype(), "the int64 buffer keeps its dtype");
            assertEquals("pt", file.metadata().get("format"));
        }
    }

    @Test
    void prefixIsKeptUnlessAskedToStrip() throws IOException {
        Map<String, TorchTensor> tensors = TorchToSafetensors.convert(fixture("open_clip_style.pt"),
                temporary.resolve("prefixed.safetensors"), new TorchToSafetensors.Options("state_dict", null));
        assertTrue(tensors.keySet().stream().allMatch(key -> key.startsWith("module.")), tensors.keySet()::toString);
    }

    @Test
    void savedParametersConvertLikeTensors() throws IOException {
        Path output = temporary.resolve("parameters.safetensors");
        TorchToSafetensors.convert(fixture("parameters.pt"), output, TorchToSafetensors.Options.defaults());
        assertSameTensors(fixture("parameters.expected.safetensors"), output);
    }

    @Test
    void anEntryThatIsNotAStateDictIsRefusedNamingWhatItHolds() {
        TensorFormatException error = assertThrows(TensorFormatException.class, () -> TorchToSafetensors.convert(
                fixture("open_clip_style.pt"), temporary.resolve("x.safetensors"),
                new TorchToSafetensors.Options("optimizer", null)));
        assertTrue(error.getMessage().contains("entry 'optimizer' is not a state dict"), error.getMessage());
        assertTrue(error.getMessage().contains("param_groups"), error.getMessage());
    }

    @Test
    void aMissingEntryIsRefusedListingTheTopLevel() {
        TensorFormatException error = assertThrows(TensorFormatException.class, () -> TorchToSafetensors.convert(
                fixture("open_clip_style.pt"), temporary.resolve("x.safetensors"),
                new TorchToSafetensors.Options("model", null)));
        assertTrue(error.getMessage().contains("no entry 'model'"), error.getMessage());
        assertTrue(error.getMessage().contains("epoch (Long)"), error.getMessage());
        assertTrue(error.getMessage().contains("state_dict (dict of 5)"), error.getMessage());
    }

    @Test
    void strippingThatMakesKeysCollideIsRefused() {
        TensorFormatException error = assertThrows(TensorFormatException.class, () -> TorchToSafetensors.convert(
                fixture("flat_state_dict.pt"), temporary.resolve("x.safetensors"),
                new TorchToSafetensors.Options(null, "big")));
        assertTrue(error.getMessage().contains("stripping 'big'"), error.getMessage());
    }
}
