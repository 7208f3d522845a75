import { Component, type ErrorInfo, type ReactNode } from 'react';
import { PageLoadError } from '../routing/lazy-page.tsx';
import { PageCrashed } from './PageCrashed.tsx';

interface Props {
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** Keeps one page's crash inside that page: the frame, the drawer and other pages keep working. */
export class PageErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('page crashed', error, info.componentStack);
  }

  private readonly reload = (): void => {
    // Code that did not arrive comes back only with a fresh document (see PageLoadError); the
    // address keeps its #/page, so the reload lands on the same page. A render crash remounts in place.
    if (this.state.error instanceof PageLoadError) window.location.reload();
    else this.setState({ error: null });
  };

  override render(): ReactNode {
    if (this.state.error) return <PageCrashed error={this.state.error} onReload={this.reload} />;
    return this.props.children;
  }
}
