/**
 * The HTTP interface's API tokens: {@link org.clipfusion.http.ApiTokens} creates, lists, revokes and checks them
 * (the {@code clipfusion:token-*} commands use it; a plant's own provisioning bundle may too).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.http;
