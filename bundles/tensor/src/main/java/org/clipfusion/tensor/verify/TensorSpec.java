package org.clipfusion.tensor.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.clipfusion.tensor.DType;

/**
 * What one tensor of a checkpoint must look like: its shape (or accepted alternatives), the dtypes a loader can
 * read for it, and whether a file may leave it out. Immutable.
 */
public final class TensorSpec {
    /** The dtypes the model loaders widen to float32. */
    public static final Set<DType> FLOATS = Collections.unmodifiableSet(EnumSet.of(DType.F32, DType.F16, DType.BF16));

    private final String name;
    private final List<long[]> shapes;
    private final Set<DType> dtypes;
    private final boolean optional;

    private TensorSpec(String name, List<long[]> shapes, Set<DType> dtypes, boolean optional) {
        this.name = Objects.requireNonNull(name, "name");
        this.shapes = shapes;
        this.dtypes = dtypes;
        this.optional = optional;
    }

    /** A floating-point parameter every file must hold with exactly {@code shape}. */
    public static TensorSpec parameter(String name, long... shape) {
        return new TensorSpec(name, List.of(shape.clone()), FLOATS, false);
    }

    /** This spec, also accepting {@code alternative} (e.g. a scalar that older files store as {@code [1]}). */
    public TensorSpec orShape(long... alternative) {
        List<long[]> more = new ArrayList<>(shapes);
        more.add(alternative.clone());
        return new TensorSpec(name, List.copyOf(more), dtypes, optional);
    }

    /** This spec for a tensor files may leave out (a saved buffer nothing reads), of any dtype. */
    public TensorSpec optionalAnyDtype() {
        return new TensorSpec(name, shapes, Collections.unmodifiableSet(EnumSet.allOf(DType.class)), true);
    }

    public String name() {
        return name;
    }

    /** The canonical shape. */
    public long[] shape() {
        return shapes.get(0).clone();
    }

    public Set<DType> dtypes() {
        return dtypes;
    }

    public boolean optional() {
        return optional;
    }

    public boolean acceptsShape(long[] shape) {
        return shapes.stream().anyMatch(candidate -> Arrays.equals(candidate, shape));
    }

    public boolean acceptsDtype(DType dtype) {
        return dtypes.contains(dtype);
    }

    /** {@code [3, 4]}, or {@code [] or [1]} with alternatives. */
    public String describeShapes() {
        return shapes.stream().map(Arrays::toString).collect(Collectors.joining(" or "));
    }

    /** {@code F32/F16/BF16}, or {@code any dtype}. */
    public String describeDtypes() {
        if (dtypes.size() == DType.values().length) {
            return "any dtype";
        }
        return dtypes.stream().map(DType::name).collect(Collectors.joining("/"));
    }

    @Override
    public String toString() {
        return name + " " + describeDtypes() + " " + describeShapes() + (optional ? " (optional)" : "");
    }
}
