/** Entry of the Converge settings page (jira:adminPage with useAsConfig, static/admin-page/build). */
import '../../shared/src/base.css';
import './admin-page.css';
import { mount } from '../../shared/src/mount';
import { AdminPage } from './AdminPage';

mount(<AdminPage />);
