/**
 * The server's TLS certificate: PEM certificate chains and private keys read from files ({@link
 * com.repairsync.server.tls.PemFiles}), a self-signed certificate made once into the data
 * directory ({@link com.repairsync.server.tls.SelfSignedCertificate}), the pair checked and
 * fingerprinted ({@link com.repairsync.server.tls.ServerCertificate}), and the Jetty connector
 * that serves HTTPS and WebSocket over it ({@link com.repairsync.server.tls.TlsConnector}).
 *
 * <p>BouncyCastle builds certificates and parses PEM here; it is never registered as a JCA
 * provider, so signing, key factories and TLS itself stay with the Java runtime's providers.
 */
package com.repairsync.server.tls;
