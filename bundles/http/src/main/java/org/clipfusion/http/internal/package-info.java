/** Implementation of the HTTP bundle: servlets, routing, tokens, result store, live events, dashboard. */
package org.clipfusion.http.internal;
