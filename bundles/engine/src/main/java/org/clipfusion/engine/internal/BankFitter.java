package org.clipfusion.engine.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerException;

/** Fits the memory bank of every scorer of a plan that supports references. */
final class BankFitter {
    private BankFitter() {
    }

    /** @return the banks by scorer id; empty when there are no references */
    static Map<String, ReferenceBank> fit(DetectionPlan plan, List<InspectionImage> references)
            throws DetectionException {
        Map<String, ReferenceBank> banks = new LinkedHashMap<>();
        if (references.isEmpty()) {
            return banks;
        }
        for (Map.Entry<String, Scorer> scorer : plan.scorers().entrySet()) {
            if (!scorer.getValue().supportsReferences()) {
                continue;
            }
            String failure = "scorer '" + scorer.getKey() + "' could not fit category '" + plan.definition().name()
                    + "' on " + references.size() + " references " + idsOf(references) + ": ";
            ReferenceBank bank;
            try {
                bank = scorer.getValue().fit(plan.definition().context(), references);
            } catch (ScorerException | RuntimeException e) {
                throw new DetectionException(failure + e.getMessage(), e);
            }
            if (bank == null) {
                throw new DetectionException(failure + "it returned no bank");
            }
            banks.put(scorer.getKey(), bank);
        }
        return banks;
    }

    static List<String> idsOf(List<InspectionImage> images) {
        return images.stream().map(InspectionImage::id).toList();
    }
}
