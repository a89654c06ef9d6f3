/**
 * The annotations a user puts on plain classes to make them OTP behaviours. They carry no runtime logic: the
 * annotation processor reads them at compile time and generates the client, the dispatch glue and the sys hooks.
 */
package io.loomotp;
