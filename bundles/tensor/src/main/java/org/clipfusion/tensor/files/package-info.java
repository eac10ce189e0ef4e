/** Writing files safely: atomic replacement (whole or not at all, synced) and file names from untrusted ids. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.clipfusion.tensor.files;
