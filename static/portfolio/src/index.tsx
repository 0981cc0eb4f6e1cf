/** Entry of the Converge portfolio page (jira:globalPage, static/portfolio/build). */
import '../../shared/src/base.css';
import './portfolio.css';
import { mount } from '../../shared/src/mount';
import { PortfolioPage } from './PortfolioPage';

mount(<PortfolioPage />);
