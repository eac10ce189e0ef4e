package org.clipfusion.datasets.internal.synthetic;

/** A square with rounded corners centred on the origin, as a signed distance: negative inside, positive outside. */
final class RoundedSquare {
    private final double half;
    private final double corner;

    /** @param half half the side length; @param corner the corners' radius */
    RoundedSquare(double half, double corner) {
        this.half = half;
        this.corner = corner;
    }

    double distance(double x, double y) {
        double qx = Math.abs(x) - half + corner;
        double qy = Math.abs(y) - half + corner;
        double outside = StrictMath.hypot(Math.max(qx, 0), Math.max(qy, 0));
        double inside = Math.min(Math.max(qx, qy), 0);
        return outside + inside - corner;
    }
}
