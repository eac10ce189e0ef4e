package org.clipfusion.datasets;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads the categories of one dataset root. Every call looks at the files again, so a reader can be kept while the
 * dataset changes on disk. Obtained from {@link Datasets#open}.
 */
@ProviderType
public interface DatasetReader {
    /** The category names, sorted. Fails when the root holds none. */
    List<String> categories() throws DatasetException;

    /**
     * Reads one category. Fails for an unknown name (the message lists the known ones) and for a category without test
     * images; smaller problems (an anomalous image without its mask, a bad csv row) are skipped and reported in
     * {@link DatasetCategory#problems()}.
     */
    DatasetCategory category(String name) throws DatasetException;
}
