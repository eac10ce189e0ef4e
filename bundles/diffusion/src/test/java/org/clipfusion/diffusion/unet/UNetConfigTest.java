package org.clipfusion.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.unet.internal.UNetArchitecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/** Reading diffusers UNet configs: defaults, the heads quirk, per-block lists, and what is refused. */
class UNetConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sd15HubConfigTakesDiffusersDefaults() throws IOException {
        UNetConfig config = hubConfig("diffusers_UNet2DConditionModel_sd15.json");
        assertAll(
                () -> assertEquals(List.of(8, 8, 8, 8), config.attentionHeads(), "attention_head_dim = heads"),
                () -> assertEquals(UNetConfig.CROSS_ATTN_MID_BLOCK, config.midBlockType(), "default mid block"),
                () -> assertEquals(List.of(768, 768, 768, 768), config.crossAttentionDims()),
                () -> assertEquals(1280, config.timeEmbeddingDim()),
                () -> assertFalse(config.useLinearProjection()),
                () -> assertEquals(List.of(List.of(1, 1), List.of(1, 1), List.of(1, 1), List.of(1, 1)),
                        config.downTransformerDepths()),
                () -> assertEquals(List.of(1, 1, 1), config.upTransformerDepths().get(0)),
                () -> assertEquals(List.of(1), config.midTransformerDepths()),
                () -> assertEquals(3, config.upsamplerCount()));
    }

    @Test
    void sd21HeadsArePerBlock() throws IOException {
        UNetConfig config = hubConfig("diffusers_UNet2DConditionModel_sd21base.json");
        assertAll(
                () -> assertEquals(List.of(5, 10, 20, 20), config.attentionHeads()),
                () -> assertTrue(config.useLinearProjection()),
                () -> assertEquals(List.of(1024, 1024, 1024, 1024), config.crossAttentionDims()));
    }

    @Test
    void transformerDepthsFollowDiffusersRules() throws IOException {
        ObjectNode json = tinyConfig();
        json.putArray("transformer_layers_per_block").add(1).addArray().add(2).add(3);
        json.putArray("reverse_transformer_layers_per_block").add(4).addArray().add(5).add(6).add(7);
        UNetConfig config = UNetConfig.parse(json.toString(), "test");
        assertAll(
                () -> assertEquals(List.of(List.of(1, 1), List.of(2, 3)), config.downTransformerDepths()),
                () -> assertEquals(List.of(2), config.midTransformerDepths(), "the last entry's first layer"),
                () -> assertEquals(List.of(List.of(4, 4, 4), List.of(5, 6, 7)), config.upTransformerDepths()));

        json.remove("reverse_transformer_layers_per_block");
        assertRefused(json, "transformer_layers_per_block");
    }

    @Test
    void missingMidBlockIsAllowedWhenNull() throws IOException {
        ObjectNode json = tinyConfig();
        json.putNull("mid_block_type");
        UNetConfig config = UNetConfig.parse(json.toString(), "test");
        assertNull(config.midBlockType());
        assertNull(UNetArchitecture.of(config).midBlock());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "num_attention_heads | 4",
        "class_embed_type | \"timestep\"",
        "addition_embed_type | \"text_time\"",
        "resnet_time_scale_shift | \"scale_shift\"",
        "act_fn | \"gelu\"",
        "only_cross_attention | true",
        "dual_cross_attention | true",
        "time_embedding_type | \"fourier\"",
        "mid_block_type | \"UNetMidBlock2DSimpleCrossAttn\"",
        "down_block_types | [\"AttnDownBlock2D\", \"DownBlock2D\"]",
        "attention_head_dim | [4, 4, 4]",
        "block_out_channels | [32, 64, 64]",
        "norm_num_groups | null",
        "layers_per_block | \"two\""})
    void refusesWhatItDoesNotCompute(String field, String value) throws IOException {
        ObjectNode json = tinyConfig();
        json.set(field, JSON.readTree(value));
        assertRefused(json, field);
    }

    @Test
    void refusesChannelsThatDoNotDivideIntoHeads() throws IOException {
        ObjectNode json = tinyConfig();
        json.put("attention_head_dim", 3);
        UNetConfig config = UNetConfig.parse(json.toString(), "test");
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> UNetArchitecture.of(config));
        assertTrue(error.getMessage().contains("heads"), error::getMessage);
    }

    private static void assertRefused(ObjectNode json, String field) {
        ModelLoadException error = assertThrows(ModelLoadException.class,
                () -> UNetConfig.parse(json.toString(), "test-config"));
        assertTrue(error.getMessage().startsWith("test-config: ") && error.getMessage().contains(field),
                error::getMessage);
    }

    /** A small config as diffusers saves it: two levels, 32 and 64 channels, 4 heads. */
    private static ObjectNode tinyConfig() throws IOException {
        return (ObjectNode) JSON.readTree("""
                {"_class_name": "UNet2DConditionModel", "_diffusers_version": "0.30.3", "act_fn": "silu",
                 "attention_head_dim": 4, "block_out_channels": [32, 64], "center_input_sample": false,
                 "cross_attention_dim": 32, "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"],
                 "downsample_padding": 1, "flip_sin_to_cos": true, "freq_shift": 0, "in_channels": 4,
                 "layers_per_block": 2, "mid_block_scale_factor": 1, "mid_block_type": "UNetMidBlock2DCrossAttn",
                 "norm_eps": 1e-05, "norm_num_groups": 8, "num_attention_heads": null, "out_channels": 4,
                 "sample_size": 8, "transformer_layers_per_block": 1,
                 "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"], "use_linear_projection": false}
                """);
    }

    private static UNetConfig hubConfig(String manifest) throws IOException {
        return UNetConfig.parse(JSON.readTree(UNetFixtures.manifest(manifest).toFile()).get("config_as_on_hub")
                .toString(), manifest);
    }
}
