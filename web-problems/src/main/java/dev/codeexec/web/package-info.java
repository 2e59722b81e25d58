/**
 * What every service's web server answers before the application sees a request, as problem+json:
 * {@link dev.codeexec.web.ProblemErrorReportValve}, set up by the auto-configuration
 * {@link dev.codeexec.web.ProblemErrorReports}, and {@link dev.codeexec.web.ProblemBodies} to write
 * such a body outside Spring MVC.
 */
package dev.codeexec.web;
