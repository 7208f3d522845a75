import { useCallback, useMemo, useState } from 'react';
import type { Task } from '../../../src-shared/contract/channels/tasks.ts';
import { api, useEvent, useRequest, type ApiError } from '../../api/index.ts';

export interface TasksState {
  /** Newest first. */
  tasks: Task[];
  error: ApiError | undefined;
  cancel(id: string): Promise<Task>;
  resume(id: string): Promise<Task>;
}

/** The active profile's tasks of one kind (or all): asked once, then kept current by 'tasks:progress'. */
export function useTasks(kind?: string): TasksState {
  const request = useRequest('tasks:list', kind ? { kind } : {});
  const [pushed, setPushed] = useState<Map<string, Task>>(new Map());
  useEvent('tasks:progress', ({ tasks }) =>
    setPushed((previous) => {
      const next = new Map(previous);
      for (const task of tasks) if (!kind || task.kind === kind) next.set(task.id, task);
      return next;
    }),
  );
  const tasks = useMemo(() => {
    const byId = new Map((request.data?.tasks ?? []).map((task) => [task.id, task]));
    for (const [id, task] of pushed) if ((byId.get(id)?.updatedAt ?? 0) <= task.updatedAt) byId.set(id, task);
    return [...byId.values()].sort((a, b) => b.startedAt - a.startedAt);
  }, [request.data, pushed]);
  const remember = useCallback((task: Task) => {
    setPushed((previous) => new Map(previous).set(task.id, task));
    return task;
  }, []);
  const cancel = useCallback((id: string) => api.invoke('tasks:cancel', { id }).then(remember), [remember]);
  const resume = useCallback((id: string) => api.invoke('tasks:resume', { id }).then(remember), [remember]);
  return { tasks, error: request.error, cancel, resume };
}
