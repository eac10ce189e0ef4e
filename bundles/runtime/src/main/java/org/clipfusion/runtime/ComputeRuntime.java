package org.clipfusion.runtime;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Readiness of ND4J inside the platform. The service is registered only after the runtime has pointed ND4J at its own
 * class loader, loaded the native backend and verified a small SameDiff computation: every component that touches
 * ND4J must hold a (mandatory) reference to it, or it may run before ND4J can find its backend.
 */
@ProviderType
public interface ComputeRuntime {

    /** A snapshot of the backend, threads and native memory. */
    RuntimeStatus status();
}
