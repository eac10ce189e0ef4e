package org.clipfusion.datasets.internal.synthetic;

/** The defects the generator paints, each named like its MVTec folder. */
public enum DefectType {
    /** A thin bright or dark line segment. */
    SCRATCH("scratch"),
    /** A dark stain made of a few overlapping blobs. */
    SPOT("spot"),
    /** A piece of the part (or a hole in a texture) where the background or backing shows. */
    MISSING("missing"),
    /** A patch whose hue is turned by a third of the colour wheel or more. */
    COLOUR("colour");

    private final String folderName;

    DefectType(String folderName) {
        this.folderName = folderName;
    }

    public String folderName() {
        return folderName;
    }
}
