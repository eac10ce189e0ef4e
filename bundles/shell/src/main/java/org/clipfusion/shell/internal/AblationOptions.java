package org.clipfusion.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.evaluation.Ablation;

/**
 * The ablation variants {@code clipfusion:eval} runs beside the template, from its options: each branch alone, each
 * map alone, other α values, the paper's raw sum. Variants change only category properties ({@code maps},
 * {@code alphaSegmentation}/{@code alphaClassification}, {@code mapScaling}), so they need no scorer ids.
 */
final class AblationOptions {
    private AblationOptions() {
    }

    /**
     * @param alphas comma-separated α values in [0, 1], or null
     * @throws IllegalArgumentException naming the option and the value it cannot use
     */
    static List<Ablation> of(boolean branches, boolean eachMap, String alphas, boolean rawSum, int shots) {
        List<Ablation> ablations = new ArrayList<>();
        if (branches) {
            ablations.add(new Ablation("clip-branch", Map.of("maps", "clip_language, clip_vision")));
            ablations.add(new Ablation("diffusion-branch", Map.of("maps", "diffusion_language, diffusion_vision")));
        }
        if (eachMap) {
            List<String> roles = shots > 0
                    ? List.of("clip_language", "clip_vision", "diffusion_language", "diffusion_vision")
                    : List.of("clip_language", "diffusion_language");
            for (String role : roles) {
                ablations.add(new Ablation(role.replace('_', '-'), Map.of("maps", role)));
            }
        }
        if (alphas != null && !alphas.isBlank()) {
            for (String part : alphas.split(",")) {
                double alpha;
                try {
                    alpha = Double.parseDouble(part.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--alphas '" + alphas + "': '" + part.trim()
                            + "' is not a number");
                }
                if (!(alpha >= 0 && alpha <= 1)) {
                    throw new IllegalArgumentException("--alphas '" + alphas + "': " + alpha + " is not in [0, 1]");
                }
                Map<String, String> overrides = new LinkedHashMap<>();
                overrides.put("alphaSegmentation", Double.toString(alpha));
                overrides.put("alphaClassification", Double.toString(alpha));
                ablations.add(new Ablation("alpha=" + alpha, overrides));
            }
        }
        if (rawSum) {
            ablations.add(new Ablation("raw-sum", Map.of("mapScaling", "raw")));
        }
        return ablations;
    }
}
