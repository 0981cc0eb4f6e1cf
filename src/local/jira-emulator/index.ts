export { createJiraEmulator, KNOWN_PERMISSIONS } from './jira-emulator';
export type { JiraEmulator, JiraEmulatorOptions, JiraEmulatorFaults, JiraEmulatorChange, JiraEmulatorServer } from './jira-emulator';
export { parseJql, JqlError } from './parse-jql';
export type { JqlQuery, JqlNode, JqlValue, JqlSort, JqlOperator } from './parse-jql';
export { compileJql } from './evaluate-jql';
