/** Entry of the Converge issue panel (jira:issuePanel resource static/issue-panel/build). */
import '../../shared/src/base.css';
import { mount } from '../../shared/src/mount';
import { IssuePanel } from './IssuePanel';

mount(<IssuePanel />);
