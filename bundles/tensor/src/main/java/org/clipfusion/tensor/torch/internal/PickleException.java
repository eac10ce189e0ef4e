package org.clipfusion.tensor.torch.internal;

/**
 * A pickle stream that the safe interpreter does not accept: malformed, truncated, or asking for something that is
 * not plain data (a global outside the allow-list, an unsupported opcode). The caller adds the file name.
 */
public final class PickleException extends Exception {
    private static final long serialVersionUID = 1L;

    public PickleException(String message) {
        super(message);
    }
}
