import { useQuery } from '@tanstack/react-query';
import { endpoints } from '../api/endpoints';
import { queryKeys } from '../api/queries';

export const useAdminProviders = () => useQuery({ queryKey: [...queryKeys.admin, 'providers'], queryFn: endpoints.admin.providers });
export const useAdminModels = () => useQuery({ queryKey: [...queryKeys.admin, 'models'], queryFn: endpoints.admin.models });
export const useAdminSettings = () => useQuery({ queryKey: [...queryKeys.admin, 'settings'], queryFn: endpoints.admin.settings });
// Key health changes on its own (cooldowns, failures from live traffic): keep it fresh.
export const useKeyHealth = () => useQuery({ queryKey: [...queryKeys.admin, 'health'], queryFn: endpoints.admin.health, refetchInterval: 5000 });
export const useAdminInvites = () => useQuery({ queryKey: [...queryKeys.admin, 'invites'], queryFn: endpoints.admin.invites });
export const useAdminUsers = (search: string) => useQuery({ queryKey: [...queryKeys.admin, 'users', search], queryFn: () => endpoints.admin.users(search), placeholderData: (previous) => previous });
// The labeller works in the background: its progress moves on its own.
export const useLabellerProgress = () => useQuery({ queryKey: [...queryKeys.admin, 'labeller'], queryFn: endpoints.admin.labeller, refetchInterval: 5000 });
